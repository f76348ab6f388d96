//go:build !unix

package driver

import "os"

// fileID identifies a directory; without inode numbers, directories are
// told apart by path only.
type fileID struct{}

func idOf(os.FileInfo) (fileID, bool) { return fileID{}, false }
