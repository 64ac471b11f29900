package corpus

import (
	"path"
	"strings"
)

// ignoredSuffixes end the names of editors' temporary files: Vim's swap
// files (*.swp, and *.swo, *.swn … when one exists already; *.swx is the
// probe it writes before them), Emacs's backups (*~) and *.tmp.
var ignoredSuffixes = []string{"~", ".swp", ".swo", ".swn", ".swx", ".tmp"}

// vimProbe is the file Vim writes and removes in a file's folder to test
// whether it may create files there, before it writes the file.
const vimProbe = "4913"

// IgnoredName reports whether a file or folder name (the last element of
// a path) is not corpus data: hidden files, and the temporary and lock
// files that editors leave beside the file they edit (Excel's ~$*,
// LibreOffice's .~lock.*, Vim's *.swp, *.swo, *.swn, *.swx and its 4913
// probe, Emacs's *~, .#* and #*# auto-saves, and *.tmp). Load skips them
// and `soudan serve`'s folder watcher ignores them, so an open
// spreadsheet or an editor's save never breaks a load or triggers a
// reload.
func IgnoredName(name string) bool {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	lower := strings.ToLower(base)
	switch {
	case strings.HasPrefix(base, "."), // hidden, .~lock.*, .#*
		strings.HasPrefix(base, "~$"),
		len(base) > 1 && strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),
		base == vimProbe:
		return true
	}
	for _, s := range ignoredSuffixes {
		if strings.HasSuffix(lower, s) {
			return true
		}
	}
	return false
}
