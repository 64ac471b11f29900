package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteDefault writes the shipped corpus (the manual, directory.yaml,
// annotations.yaml and thesaurus.txt) into dir, creating it if needed, so
// that editors can start from it: `soudan serve --corpus dir` then serves
// exactly what the binary ships. It refuses to overwrite a file unless
// overwrite is set, and returns the paths it wrote.
func WriteDefault(dir string, overwrite bool) ([]string, error) {
	src := Default()
	var names []string
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !overwrite {
		for _, n := range names {
			target := filepath.Join(dir, filepath.FromSlash(n))
			if _, err := os.Lstat(target); err == nil {
				return nil, fmt.Errorf("%s already exists; nothing written (use --force to overwrite the shipped files)", target)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		}
	}
	var written []string
	for _, n := range names {
		data, err := fs.ReadFile(src, n)
		if err != nil {
			return written, err
		}
		target := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return written, err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return written, err
		}
		written = append(written, target)
	}
	return written, nil
}
