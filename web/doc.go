// Package web serves tiepdan over HTTP with gin: the JSON API under /api/v1
// (bearer tokens, JSON errors) and the pages (password login, session
// cookies, CSRF tokens). Every request is authenticated and judged by the
// user's role (roles.go); every response passes through the masking of the
// denouncer's secret (mask.go), and every clear view of a protected identity
// is written to the access log before it is sent.
//
// web never imports storage: it reads and writes through Store and Accounts
// (store.go), each made of what its pages read, declared beside them, all
// required; cmd/tiepdan hands it the SQLite store and checks at compile time
// that the store keeps them. The HTTP scenarios against that store are the
// tests of package web_test.
package web
