// Package store keeps the knowledge service's data in MongoDB (database
// copydesk_knowledge): sources (one per company and ref), chunks (with
// their embeddings as little-endian float32 binary) and ingest leases.
// Every method takes the tenant scope; an empty company is refused, never
// read as "all companies". Deletes are tombstones (deleted: true with a new
// updated_at) so that every replica's index poller sees them; a purge job
// removes tombstones after the retention period.
package store
