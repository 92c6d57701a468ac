package storage

// WriterPragma runs a PRAGMA on the writer's one connection, where every
// write goes: tests make the database full (max_page_count) or read-only
// (query_only) as a full disk or a read-only mount would, and SQLite
// answers with the same codes.
func WriterPragma(db *DB, pragma string) error {
	_, err := db.write.Exec("PRAGMA " + pragma)
	return err
}

// PageCount is the number of pages of the database file.
func PageCount(db *DB) (int, error) {
	var n int
	err := db.read.QueryRow("PRAGMA page_count").Scan(&n)
	return n, err
}
