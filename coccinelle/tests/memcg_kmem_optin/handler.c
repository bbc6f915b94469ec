// SPDX-License-Identifier: GPL-2.0
/* Caches allocated from file_operations and inode_operations handlers. */
#include <linux/fs.h>
#include <linux/slab.h>

struct foo_sb_info {
	struct kmem_cache *obj_cachep;
};

static struct kmem_cache *ctx_cachep;

static int foo_open(struct inode *inode, struct file *file)
{
	file->private_data = kmem_cache_alloc(ctx_cachep, GFP_KERNEL);
	return file->private_data ? 0 : -ENOMEM;
}

static int foo_mkdir(struct user_namespace *ns, struct inode *dir,
		     struct dentry *dentry, umode_t mode)
{
	struct foo_sb_info *sbi = dir->i_sb->s_fs_info;
	void *obj = kmem_cache_alloc(sbi->obj_cachep, GFP_NOFS);

	return obj ? 0 : -ENOMEM;
}

static const struct file_operations foo_fops = {
	.owner = THIS_MODULE,
	.open = foo_open,
};

static const struct inode_operations foo_dir_iops = {
	.mkdir = foo_mkdir,
};

static int foo_fill_super(struct foo_sb_info *sbi)
{
	sbi->obj_cachep = kmem_cache_create_usercopy("foo_obj", 64, 0,
						     SLAB_RECLAIM_ACCOUNT, 0,
						     64, NULL);
	return sbi->obj_cachep ? 0 : -ENOMEM;
}

static int __init foo_init(void)
{
	ctx_cachep = kmem_cache_create("foo_ctx", 32, 0, 0, NULL);
	return ctx_cachep ? 0 : -ENOMEM;
}
