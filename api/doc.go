// Package api serves Kestra's REST API (/api/v1/main/… and /api/v1/…) with
// Kestra's JSON shapes and error bodies, on a chi router.
package api
