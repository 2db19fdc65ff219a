// Package service runs every Copydesk service's process the same way. A
// service's main.go declares a Spec and calls Main:
//
//	func main() { service.Main(spec) }
//
//	var spec = service.Spec[Config]{
//		Name: ticketsv1.TicketService_ServiceDesc.ServiceName, Load: LoadConfig,
//		Migrations: store.Migrations, Policy: transport.Policy(), Wire: wire,
//	}
//
//	func wire(ctx context.Context, env *service.Env, c Config) error {
//		users, err := env.Dial(c.UsersAddr)         // closed at shutdown
//		…                                           // stores on env.DB, domain.New(domain.Deps{…})
//		env.Go(worker.Run)                          // background jobs
//		ticketsv1.RegisterTicketServiceServer(env.Server, transport.NewTicketServer(svc))
//		return nil
//	}
//
// Main reads the settings from the environment overlaid with the AWS
// Secrets Manager secrets of AWS_SECRETS (config.Source). Config (in
// config.go) embeds Common, the settings every service reads
// (GRPC_ADDR, METRICS_ADDR, LOG_LEVEL, MONGO_URI, MONGO_DB, JWT_ISSUER,
// AUTH_ADDR, TLS_DIR, GRPC_REFLECTION, HEALTH_ADDR, through ReadCommon),
// and LoadConfig reports every problem at once.
//
// The lifecycle (Run):
//  1. LoadConfig; the JSON logger; the mutual TLS of TLS_DIR (pkg/mtls);
//  2. Mongo opened and the service's migrations applied;
//  3. the token verifier: auth's own keys (Spec.Signer), or in every other
//     service the public keys fetched from auth (AUTH_ADDR) by a job
//     (authn.RemoteKeys); the gRPC server (pkg/grpcserver) named
//     Spec.Name, with Spec.Policy;
//  4. Wire builds the domain, registers handlers and declares jobs;
//  5. the server and the jobs run together in one errgroup;
//  6. on SIGHUP (Main) the settings are read again, AWS secrets included,
//     and handed to the Env.OnReload hooks;
//  7. on SIGINT/SIGTERM (Main's signal.NotifyContext) the server turns
//     NOT_SERVING and drains under a deadline while the jobs' context is
//     done; if the server fails instead (e.g. its port is taken), the jobs
//     are stopped the same way and the error is returned;
//  8. after the server and every job have returned, the cleanups run (last
//     registered first: connections from Env.Dial, Env.Cleanup funcs),
//     then Mongo closes. Main exits 0, or prints "<service>: <error>" and
//     exits 1.
package service
