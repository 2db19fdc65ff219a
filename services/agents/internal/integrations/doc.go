// Package integrations is the domain of a company's connections to
// Shopify and WordPress (ARCHITECTURE §5): connection CRUD for company
// admins with write-only secrets, the credential test, the Shopify catalog
// sync into knowledge (jobs run step by step under leases, so one worker
// per connection across replicas, resumable), and WordPress publishing
// for the tickets service. It imports no gRPC, Mongo or HTTP code: the
// store, the Shopify and WordPress clients and knowledge are ports.
package integrations
