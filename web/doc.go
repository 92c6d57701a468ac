// Package web serves tiepdan over HTTP with gin: the JSON API under /api/v1
// (bearer tokens, JSON errors) and the pages (password login, session
// cookies, CSRF tokens). Every request is authenticated and judged by the
// user's role (roles.go); every response passes through the masking of the
// denouncer's secret (mask.go), and every clear view of a protected identity
// is written to the access log before it is sent.
//
// web never imports storage: it reads and writes through the small
// interfaces of store.go, which cmd/tiepdan fills with the SQLite store.
package web
