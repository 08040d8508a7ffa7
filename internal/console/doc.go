// Package console renders what the command line prints: the call list
// of `callscope calls`, the call tree and JSON of `callscope show`, the
// dashboard's tables, people found by a search, tokens and subnets. Every
// table aligns text left and numbers right, shares are percentages as
// in `show`, counts agree with their nouns, and a duration that cannot
// be right is flagged. Machine output (--json, CSV) keeps its documented
// shape and units.
package console
