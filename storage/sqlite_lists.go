package storage

import "encoding/json"

// Lists of refs passed to a query as one argument. SQLite has no array
// parameter: a list goes as a JSON array, read back with json_each.

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
