// Package web is callscope's web pages: sign-in, per-user call analytics
// (user search, a user's calls and meetings, call detail with its tabs,
// meeting timeline and participants) and the quality dashboard (charts,
// drill-down to poor calls, building file and missing subnets).
//
// # Where the data comes from
//
// Every page is built from the HTTP API's answers, asked for inside the
// process: the page handler calls the API's own handler with the
// signed-in user's token (apiClient). So a page shows exactly what the
// API would send that token — redacted for its role by package access,
// withheld values marked, audited as "who viewed whose calls" — and
// nothing in this package decides what a role may see. It only decides
// what to offer: navigation and tabs follow the permissions the API
// reports (GET /api/v1/me), and a tab the role may not see is not
// drawn, rather than drawn and refused.
//
// A large meeting (a town hall of hundreds of people) is shown a page
// at a time, as the API sends it: the Overview, Advanced and Debug tabs
// one page of the call's sessions, the Participants and Timeline tabs
// one page of its participants, each with a pager ("Sessions 51–100 of
// 230", the next page, back to the first). The page's address carries
// the API's opaque cursor, as the user's call list does.
//
// # Sessions
//
// A user signs in with an API token once; the server keeps the token and
// gives the browser a random session id in an HttpOnly, SameSite=Strict
// cookie. With a store that keeps sessions (Config.Sessions), the session
// is also kept there, under a hash of its id and sealed with a key derived
// from the id, so that a restart, or another process on the same store,
// knows it, while the store alone holds neither a way in nor a token. Every form that changes something carries the
// session's CSRF token, and a form without it is refused with 403. The
// sign-in form, used before there is a session, carries a token of its
// own, paired with a short-lived cookie. Pages send a Content Security
// Policy that allows nothing from another origin and no script at all:
// the pages work without JavaScript.
//
// # Charts
//
// Charts are SVG written into the page by the server (dashtrend.go; a
// breakdown's bars are SVG in its table's rows): no script, no picture
// fetched apart, and text as large as the page's at 1280 and at 390 px,
// the trend being drawn once for each. Each comes with a table of the
// same numbers as its text alternative.
package web
