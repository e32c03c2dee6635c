/** A stub of the one Kubernetes API endpoint the provider reads (GET an Ingress), with a kubeconfig pointing at it. */
import * as fs from "node:fs";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The one Kubernetes API endpoint the provider reads (GET an Ingress), served from memory on loopback,
 * with a kubeconfig that points `@kubernetes/client-node` at it.
 */
export class KubernetesApiStub {
    /** Ingress objects by `namespace/name`. */
    readonly ingresses = new Map<string, object>();
    /** Paths requested, in order. */
    readonly requests: string[] = [];
    /** Answer every request with this status instead (e.g. 403), when set. */
    failWith?: number;
    /** Never answer, as an unreachable API server behind a black-holing network. */
    hang = false;
    readonly kubeconfigPath: string;

    private constructor(private readonly server: http.Server) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scope-ingress-kube-"));
        this.kubeconfigPath = path.join(dir, "kubeconfig");
        fs.writeFileSync(
            this.kubeconfigPath,
            JSON.stringify({
                apiVersion: "v1",
                kind: "Config",
                clusters: [
                    {
                        name: "stub",
                        cluster: {
                            server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
                            "insecure-skip-tls-verify": true,
                        },
                    },
                ],
                users: [{ name: "stub", user: { token: "stub-token" } }],
                contexts: [{ name: "stub", context: { cluster: "stub", user: "stub" } }],
                "current-context": "stub",
            }),
        );
    }

    static async start(): Promise<KubernetesApiStub> {
        const server = http.createServer((req, res) => stub.handle(req, res));
        await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
        const stub = new KubernetesApiStub(server);
        return stub;
    }

    /** Adds an Ingress as the Load Balancer Controller's users write it. */
    addIngress(namespace: string, name: string, annotations: Record<string, string>): void {
        this.ingresses.set(`${namespace}/${name}`, {
            apiVersion: "networking.k8s.io/v1",
            kind: "Ingress",
            metadata: { name, namespace, annotations },
            spec: { ingressClassName: "alb", rules: [] },
        });
    }

    async close(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise(resolve => this.server.close(resolve));
        fs.rmSync(path.dirname(this.kubeconfigPath), { recursive: true, force: true });
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        const url = req.url ?? "";
        this.requests.push(url);
        if (this.hang) {
            return;
        }
        const match = /^\/apis\/networking\.k8s\.io\/v1\/namespaces\/([^/]+)\/ingresses\/([^/?]+)/.exec(url);
        const ingress = match && this.ingresses.get(`${match[1]}/${match[2]}`);
        const status = this.failWith ?? (ingress ? 200 : 404);
        res.writeHead(status, { "content-type": "application/json" });
        res.end(
            JSON.stringify(
                status === 200
                    ? ingress
                    : {
                          kind: "Status",
                          apiVersion: "v1",
                          status: "Failure",
                          code: status,
                          reason: status === 404 ? "NotFound" : "Forbidden",
                          message: `stub answered ${status} for ${url}`,
                      },
            ),
        );
    }
}
