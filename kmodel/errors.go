package kmodel

// How code reports failure: error values, error-pointer tests, branch
// hints.
//
// Part of the data half of the kernel API model (see doc.go).

// ErrorValueCalls are calls whose value is an error code or error
// pointer: returning one reports failure.
var ErrorValueCalls = []string{"PTR_ERR", "ERR_PTR", "ERR_CAST", "dev_err_probe"}

// NonNullCalls are calls that never return NULL: an object, or an error
// pointer on failure. A variable assigned one is non-NULL after.
var NonNullCalls = []string{
	// fs/debugfs/inode.c:600-659 (start_creating(), failed_creating()
	// give ERR_PTR()s), include/linux/debugfs.h:232 without debugfs
	// (ERR_PTR(-ENODEV)).
	"debugfs_create_dir",
}

// ErrorPointerTests are tests that are true when their argument is an
// error pointer (or NULL, for IS_ERR_OR_NULL): the object was not created.
var ErrorPointerTests = []string{"IS_ERR", "IS_ERR_OR_NULL"}

// ErrorValueTests are tests that are true when an int holds an error.
var ErrorValueTests = []string{"IS_ERR_VALUE"}

// BranchHints wrap a condition without changing its value.
var BranchHints = []string{"likely", "unlikely"}
