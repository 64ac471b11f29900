package index

import "github.com/ikawaha/kagome/v2/tokenizer"

// Tokenizer returns the analyser's kagome tokenizer, so that other parts
// of the process (package mask's name detection) share the one loaded
// dictionary instead of loading a second. Its tokens carry their part of
// speech (POS) but not the dictionary's other features (base form,
// reading): the analyser keeps those apart, out of the garbage
// collector's way (see lexicon).
func (a *Analyzer) Tokenizer() *tokenizer.Tokenizer { return a.tok }
