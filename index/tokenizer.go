package index

import "github.com/ikawaha/kagome/v2/tokenizer"

// Tokenizer returns the analyser's kagome tokenizer, so that other parts
// of the process (package mask's name detection) share the one loaded
// dictionary instead of loading a second.
func (a *Analyzer) Tokenizer() *tokenizer.Tokenizer { return a.tok }
