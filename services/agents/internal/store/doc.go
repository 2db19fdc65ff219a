// Package store keeps the agents service's data in MongoDB (database
// copydesk_agents): agents with their version claims, persona versions
// (numbered through pkg/mongox.NextNumber, so two versions of an agent
// never share a number), conversations and messages. Every method takes
// the tenant; an empty company is refused, never read as "all companies".
package store
