package storage

import "encoding/json"

// Lists of refs passed to a query as one argument. SQLite has no array
// parameter: a list goes as a JSON array, read back with json_each.

// refsChunk bounds the refs passed to one query.
const refsChunk = 20000

// refsSQL is a subquery of the refs passed, as listArg makes them, in its one
// placeholder: "ref IN (" + refsSQL + ")".
const refsSQL = `SELECT value FROM json_each(?)`

// listArg is refs as the argument of a placeholder that json_each reads.
func listArg(refs []string) (any, error) {
	list, err := json.Marshal(refs)
	if err != nil {
		return nil, err
	}
	return string(list), nil
}

// eachList calls fn with refs as listArg makes them, refsChunk at a time.
func eachList(refs []string, fn func(list any) error) error {
	for len(refs) > 0 {
		n := min(len(refs), refsChunk)
		list, err := listArg(refs[:n])
		if err != nil {
			return err
		}
		if err := fn(list); err != nil {
			return err
		}
		refs = refs[n:]
	}
	return nil
}
