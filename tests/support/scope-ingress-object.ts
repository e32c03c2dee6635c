/** A scope's Ingress as the cluster holds it, built exactly as ScopeIngress builds it, for tests that seed a cluster. */
import { buildIngressManifest } from "../../components/ingress-manifest";
import { DEFAULT_LISTEN_PORTS, DEFAULT_SSL_REDIRECT_PORT } from "../../core/pool-listeners";

/** A scope's Ingress (listen-ports 80/443, ssl-redirect 443, group.name = ALB) with the path `/` on every host. */
export function scopeIngress(namespace: string, name: string, balancer: string, hosts: string[]) {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        ...buildIngressManifest(
            {
                name,
                namespace,
                visibility: "internet-facing",
                hosts,
                paths: [{ path: "/", pathType: "Prefix" }],
                service: { name: "web", port: 80 },
                listenPorts: DEFAULT_LISTEN_PORTS,
                sslRedirectPort: DEFAULT_SSL_REDIRECT_PORT,
            },
            balancer,
        ),
    };
}
