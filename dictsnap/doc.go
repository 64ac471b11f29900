// Package dictsnap keeps a flat binary snapshot of kagome's IPA dictionary,
// so that a process maps, checks and uses in place what kagome rebuilds
// from its zipped, reflection-decoded files (about a second on a small
// machine).
//
// A [Snapshot] holds exactly what soudan's tokenizer reads: the fields of
// kagome's dict.Dict that the tokenizer uses (morphemes, part-of-speech
// table, connection costs, the index's double array, character classes,
// the unknown-word dictionary; not the per-morpheme feature strings) and
// soudan's packed [Lexicon] of base forms and readings.
//
// The file format ([Encode], [Decode]) is raw little-endian arrays behind a
// header that names the format version and a key (the versions and sums of
// the kagome-dict modules that produced it, [BuildKey]) and carries a
// CRC-32C of the payload, checked before anything is decoded. A decoded
// snapshot is then checked for every invariant kagome's tokenizer indexes
// by ([Validate]), so that no file, however damaged, makes it panic.
//
// [Cache] stores one snapshot a key in a folder, written atomically (a
// temporary file renamed into place). [Cache.Load] maps the file (on
// Linux; elsewhere it reads it) and decodes it in place: the large arrays,
// aligned in the file, are the file's bytes, little-endian as the machine
// is (a big-endian machine copies them). A missing, stale, truncated or
// corrupt file is an error to log and rebuild from, never a crash.
package dictsnap
