// Package content holds the vocabulary of content work that more than one
// service checks: the ticket types (tickets validates a ticket's type; the
// campaigns service validates a plan piece's type before the piece becomes
// a ticket).
package content

// TicketTypes are the kinds of content a ticket (and a plan piece) asks for.
var TicketTypes = []string{"blog_post", "social_post", "email", "product_description", "other"}
