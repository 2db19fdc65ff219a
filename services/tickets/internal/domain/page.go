package domain

// TicketSorts are the public sort names of tickets lists. The transport validates
// a list's paging against them (listing.NewPage) and hands the domain a
// valid Page.
var TicketSorts = []string{"number", "title", "status", "priority", "due_at", "created_at", "updated_at"}
