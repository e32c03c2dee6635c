/** A local stand-in for the Kubernetes API server, reached over HTTP only through `@kubernetes/client-node`. */
import * as fs from "node:fs";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { EVENTS_V1, coreFieldSelector, toEventsV1 } from "./kubernetes-events-view";
import {
    KubeObject,
    KubernetesObjectStore,
    ListOptions,
    RESOURCE_TYPES,
    ResourceType,
} from "./kubernetes-object-store";
import {
    KubernetesStatusError,
    badRequest,
    conflict,
    forbidden,
    internalError,
    notSupported,
    unknownPath,
} from "./kubernetes-status";

/** The RBAC verb of a request. */
export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";

/** One request as the stand-in saw it. */
export interface KubeRequest {
    verb: Verb;
    method: string;
    /** The path without the query string. */
    path: string;
    query: URLSearchParams;
    /** `configmaps`, `events`, `leases` or `ingresses`; undefined for paths it does not serve. */
    resource?: string;
    /** The API group of the path: `""` for core, e.g. `events.k8s.io` for the events.k8s.io/v1 view of Events. */
    group?: string;
    /** Undefined for a list across all namespaces. */
    namespace?: string;
    name?: string;
    subresource?: "status";
    /** The HTTP status answered (undefined while held by `hang`). */
    code?: number;
}

/** A fault: requests that match every given field get `respond` instead, `times` times (default: always). */
export interface KubeFault {
    verb?: Verb | Verb[];
    resource?: string;
    namespace?: string;
    name?: string;
    /**
     * `forbidden`: RBAC's 403 with the verb in its message; `conflict`: 409 Conflict as for a stale write;
     * `server-error`: 500; `hang`: never answer, as a black-holed API server.
     */
    respond: "forbidden" | "conflict" | "server-error" | "hang";
    times?: number;
}

/** Options for {@link KubernetesApiServer.start}. */
export interface KubernetesApiServerOptions {
    /** The kubeconfig context (and cluster) name; production errors should name it. Default `stand-in`. */
    contextName?: string;
    /** The user RBAC names in 403 messages. Default `ci-deployer`. */
    user?: string;
}

const WRITE_VERBS: readonly Verb[] = ["create", "update", "patch", "delete", "deletecollection"];

/**
 * Serves core/v1 ConfigMaps and Events, coordination.k8s.io/v1 Leases and networking.k8s.io/v1 Ingresses (each
 * namespaced, and listed across namespaces), and the same Events read-only as events.k8s.io/v1, on a free loopback port, with the API server's semantics from
 * {@link KubernetesObjectStore}, and writes a kubeconfig pointing at it (`kubeconfigPath`, for `KUBECONFIG`).
 *
 * Not served: watch, deletecollection and dryRun (405), server-side apply (415), namespace objects — a namespace
 * need not exist before objects are written into it (the real server would answer 404 for a missing one).
 * Reads are always of the latest state (a `resourceVersion` query parameter is ignored); no `managedFields`.
 *
 * Tests seed and read objects directly (`seed`, `object`, `objects`, `store`), inject faults, and count
 * requests in `requests`; `close()` stops it so the cluster is unreachable.
 */
export class KubernetesApiServer {
    /** Every request, in order of arrival. */
    readonly requests: KubeRequest[] = [];
    faults: KubeFault[] = [];
    /** Milliseconds before each request is served, to widen the read-modify-write window concurrent writers race in. */
    latencyMs = 0;
    readonly store = new KubernetesObjectStore();
    readonly kubeconfigPath: string;
    readonly contextName: string;
    readonly user: string;

    private constructor(
        private readonly server: http.Server,
        options: KubernetesApiServerOptions,
    ) {
        this.contextName = options.contextName ?? "stand-in";
        this.user = options.user ?? "ci-deployer";
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scope-ingress-kube-"));
        this.kubeconfigPath = path.join(dir, "kubeconfig");
        const name = this.contextName;
        fs.writeFileSync(
            this.kubeconfigPath,
            JSON.stringify({
                apiVersion: "v1",
                kind: "Config",
                clusters: [{ name, cluster: { server: this.url, "insecure-skip-tls-verify": true } }],
                users: [{ name: this.user, user: { token: "stand-in-token" } }],
                contexts: [{ name, context: { cluster: name, user: this.user } }],
                "current-context": name,
            }),
        );
    }

    /** Starts a stand-in on a free loopback port. */
    static async start(options: KubernetesApiServerOptions = {}): Promise<KubernetesApiServer> {
        const server = http.createServer((req, res) => void api.handle(req, res));
        await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
        const api = new KubernetesApiServer(server, options);
        return api;
    }

    get url(): string {
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    /** Requests that match every given field (all when none). */
    count(filter: { verb?: Verb | readonly Verb[]; resource?: string } = {}): number {
        return this.requests.filter(
            r => matches(filter.verb, r.verb) && (filter.resource === undefined || r.resource === filter.resource),
        ).length;
    }

    /** get, list and watch requests, optionally of one resource. */
    reads(resource?: string): number {
        return this.count({ verb: ["get", "list", "watch"], resource });
    }

    /** create, update, patch and delete requests, optionally of one resource. */
    writes(resource?: string): number {
        return this.count({ verb: WRITE_VERBS, resource });
    }

    /** The next `times` update, patch or delete requests of `resource` answer 409 Conflict, as if another writer won each race. */
    conflictStorm(resource: string, times: number): void {
        this.faults.push({ verb: ["update", "patch", "delete"], resource, respond: "conflict", times });
    }

    /** Answers `verb` on `resource` with RBAC's 403 until the fault is removed. */
    forbid(verb: Verb | Verb[], resource: string): void {
        this.faults.push({ verb, resource, respond: "forbidden" });
    }

    /** Creates or replaces an object without HTTP (no request logged, no fault applied); the kind picks the resource. */
    seed(obj: KubeObject): KubeObject {
        const type = typeOfKind(obj.kind);
        const namespace = obj.metadata.namespace ?? "default";
        const { resourceVersion: _rv, ...metadata } = obj.metadata;
        const existing = this.object(type.resource, namespace, obj.metadata.name!);
        return existing
            ? this.store.update(type, namespace, obj.metadata.name!, { ...obj, metadata })
            : this.store.create(type, namespace, { ...obj, metadata });
    }

    /** A stored object, or undefined. */
    object(resource: string, namespace: string, name: string): KubeObject | undefined {
        try {
            return this.store.get(typeOf(resource), namespace, name);
        } catch {
            return undefined;
        }
    }

    /** Stored objects of one namespace (or all), optionally filtered by selectors. */
    objects(resource: string, namespace?: string, options: ListOptions = {}): KubeObject[] {
        return this.store.list(typeOf(resource), namespace, options).items;
    }

    /** Clears objects, faults, latency and the request log; the resourceVersion keeps increasing. */
    reset(): void {
        this.store.clear();
        this.faults = [];
        this.latencyMs = 0;
        this.requests.length = 0;
    }

    /** Stops serving (held requests are cut) and removes the kubeconfig: the cluster is unreachable from now on. */
    async close(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise(resolve => this.server.close(resolve));
        fs.rmSync(path.dirname(this.kubeconfigPath), { recursive: true, force: true });
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const url = new URL(req.url ?? "/", "http://stand-in");
        const request = route(req.method ?? "GET", url);
        this.requests.push(request);
        const body = await readAll(req);
        if (this.latencyMs > 0) {
            await new Promise(r => setTimeout(r, this.latencyMs));
        }
        try {
            const fault = this.faults.find(f => (f.times ?? Infinity) > 0 && faultMatches(f, request));
            if (fault) {
                fault.times = (fault.times ?? Infinity) - 1;
                if (fault.respond === "hang") {
                    return;
                }
                throw this.injected(fault, request);
            }
            const [code, answer] = this.answer(request, req.headers["content-type"] ?? "", body);
            send(res, request, code, answer);
        } catch (err) {
            // A bug in the stand-in answers 500 with its message rather than killing the test process.
            const status =
                err instanceof KubernetesStatusError
                    ? err.status
                    : internalError(String((err as Error).stack ?? err)).status;
            send(res, request, status.code, status);
        }
    }

    private injected(fault: KubeFault, r: KubeRequest): KubernetesStatusError {
        const type = r.resource
            ? typeAt(r.group ?? "", r.resource)!
            : { group: "", resource: "unknown", kind: "Unknown" };
        switch (fault.respond) {
            case "forbidden":
                return forbidden(type, this.user, r.verb, r.namespace, r.name);
            case "conflict":
                return conflict(type, r.name ?? "");
            default:
                return internalError("injected server error");
        }
    }

    private answer(r: KubeRequest, contentType: string, raw: Buffer): [number, object] {
        if (!r.resource) {
            throw unknownPath();
        }
        const type = typeAt(r.group ?? "", r.resource)!;
        const ns = r.namespace!;
        const body = raw.length > 0 ? parseJson(raw) : undefined;
        if (r.query.has("dryRun")) {
            // Refused rather than ignored: a dry run that writes would make a test lie.
            throw notSupported("dryRun");
        }
        if (type.readOnly && r.verb !== "get" && r.verb !== "list") {
            throw notSupported(`${r.verb} through ${type.apiVersion}`);
        }
        if (
            (r.verb === "create" || r.verb === "update") &&
            (body === null || typeof body !== "object" || Array.isArray(body))
        ) {
            throw badRequest(
                "the body of the request was in an unknown format - accepted media types include: application/json",
            );
        }
        switch (r.verb) {
            case "get":
                return [
                    200,
                    type === EVENTS_V1
                        ? toEventsV1(this.store.get(type, ns, r.name!))
                        : this.store.get(type, ns, r.name!),
                ];
            case "list":
                return [200, this.listAnswer(type, r)];
            case "create":
                return [201, this.store.create(type, ns, body as KubeObject)];
            case "update": {
                const existed = this.object(type.resource, ns, r.name!) !== undefined;
                const stored = this.store.update(type, ns, r.name!, body as KubeObject, r.subresource);
                return [existed ? 200 : 201, stored];
            }
            case "patch":
                return [200, this.store.patch(type, ns, r.name!, contentType, body, r.subresource)];
            case "delete":
                return [
                    200,
                    this.store.delete(
                        type,
                        ns,
                        r.name!,
                        (body as { preconditions?: object } | undefined)?.preconditions,
                    ),
                ];
            default:
                throw notSupported(r.verb);
        }
    }

    private listAnswer(type: ResourceType, r: KubeRequest): object {
        const limit = Number(r.query.get("limit") ?? 0);
        const fieldSelector = r.query.get("fieldSelector") ?? undefined;
        const page = this.store.list(type, r.namespace, {
            labelSelector: r.query.get("labelSelector") ?? undefined,
            fieldSelector: type === EVENTS_V1 ? coreFieldSelector(fieldSelector) : fieldSelector,
            limit: limit > 0 ? limit : undefined,
            continue: r.query.get("continue") ?? undefined,
        });
        return {
            kind: `${type.kind}List`,
            apiVersion: type.apiVersion,
            metadata: {
                resourceVersion: this.store.resourceVersion,
                ...(page.continue && { continue: page.continue, remainingItemCount: page.remainingItemCount }),
            },
            items: type === EVENTS_V1 ? page.items.map(toEventsV1) : page.items,
        };
    }
}

/** Parses a request path into verb, resource, namespace, name. */
function route(method: string, url: URL): KubeRequest {
    const m = /^\/(?:api\/v1|apis\/([^/]+)\/v1)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/(status))?$/.exec(
        url.pathname,
    );
    const type = m ? typeAt(m[1] ?? "", m[3]) : undefined;
    const known = type !== undefined && (m![2] !== undefined || (method === "GET" && !m![4]));
    const name = known ? m![4] : undefined;
    const verb: Verb =
        method === "GET"
            ? name
                ? "get"
                : url.searchParams.get("watch") === "true"
                  ? "watch"
                  : "list"
            : method === "POST"
              ? "create"
              : method === "PUT"
                ? "update"
                : method === "PATCH"
                  ? "patch"
                  : name
                    ? "delete"
                    : "deletecollection";
    return {
        verb,
        method,
        path: url.pathname,
        query: url.searchParams,
        ...(known && {
            resource: type!.resource,
            group: type!.group,
            namespace: m![2],
            name,
            ...(m![5] && { subresource: "status" as const }),
        }),
    };
}

function matches<T>(wanted: T | readonly T[] | undefined, actual: T): boolean {
    return wanted === undefined || (Array.isArray(wanted) ? wanted.includes(actual) : wanted === actual);
}

function faultMatches(f: KubeFault, r: KubeRequest): boolean {
    return (
        matches(f.verb, r.verb) &&
        (f.resource === undefined || f.resource === r.resource) &&
        (f.namespace === undefined || f.namespace === r.namespace) &&
        (f.name === undefined || f.name === r.name)
    );
}

/** The kind served at an API group and resource, if any. */
function typeAt(group: string, resource: string): ResourceType | undefined {
    const type = group === EVENTS_V1.group && resource === "events" ? EVENTS_V1 : RESOURCE_TYPES[resource];
    return type?.group === group ? type : undefined;
}

function typeOf(resource: string): ResourceType {
    const type = RESOURCE_TYPES[resource];
    if (!type) {
        throw new Error(
            `the Kubernetes stand-in does not serve ${resource}; it serves ${Object.keys(RESOURCE_TYPES).join(", ")}`,
        );
    }
    return type;
}

function typeOfKind(kind: string | undefined): ResourceType {
    const type = Object.values(RESOURCE_TYPES).find(t => t.kind === kind);
    if (!type) {
        throw new Error(`the Kubernetes stand-in does not serve kind ${kind}`);
    }
    return type;
}

function parseJson(raw: Buffer): unknown {
    try {
        return JSON.parse(raw.toString());
    } catch (err) {
        throw badRequest(`the body of the request was in an unknown format: ${(err as Error).message}`);
    }
}

function send(res: http.ServerResponse, request: KubeRequest, code: number, body: object): void {
    request.code = code;
    res.writeHead(code, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of stream) {
        chunks.push(Buffer.from(c));
    }
    return Buffer.concat(chunks);
}
