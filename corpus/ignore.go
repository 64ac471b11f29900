package corpus

import (
	"path"
	"strings"
)

// IgnoredName reports whether a file or folder name (the last element of
// a path) is not corpus data: hidden files, and the temporary and lock
// files that editors leave beside the file they edit (Excel's ~$*,
// LibreOffice's .~lock.*, Vim's *.swp, Emacs's *~ and .#*, and *.tmp).
// Load skips them and `soudan serve`'s folder watcher ignores them, so an
// open spreadsheet never breaks a load or triggers a reload.
func IgnoredName(name string) bool {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	lower := strings.ToLower(base)
	switch {
	case strings.HasPrefix(base, "."), // hidden, .~lock.*, .#*
		strings.HasPrefix(base, "~$"),
		strings.HasSuffix(base, "~"),
		strings.HasSuffix(lower, ".swp"),
		strings.HasSuffix(lower, ".tmp"):
		return true
	}
	return false
}
