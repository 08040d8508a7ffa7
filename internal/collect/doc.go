// Package collect keeps a store filled from Microsoft Graph as calls
// happen: a webhook receiver notes what Graph's change notifications say
// is new or updated in the store's fetch queue (store.FetchQueue), and a
// worker fetches each record when it is due, judges it and stores it.
//
// The queue is the store's, so nothing noted is lost across restarts,
// and a notification is answered as soon as it is noted — well within
// the 3 s Graph allows before it counts an endpoint as slow. Records
// are fetched after a quiet period (Policy): Graph republishes a record
// several times as telemetry arrives, and each notice of a record moves
// its fetch later, so a record still being updated is fetched once when
// it settles rather than at every version.
package collect
