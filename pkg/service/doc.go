// Package service holds what every service's main shares: the common
// settings (GRPC_ADDR, METRICS_ADDR, LOG_LEVEL, MONGO_URI, MONGO_DB,
// JWT_SECRET, JWT_ISSUER), opening the service's database with its
// migrations, and the gRPC server built from those settings. Each main still
// reads its own settings, wires its own domain and registers its own
// services; this package is only the part they all wrote the same way.
package service
