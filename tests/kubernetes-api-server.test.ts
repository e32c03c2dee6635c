/** The Kubernetes API server stand-in keeps the real server's semantics, proven through `@kubernetes/client-node`. */
import { expect } from "chai";
import { KubernetesApiServer } from "./support/kubernetes-api-server";

type K8s = typeof import("@kubernetes/client-node");

/** The code and Status body of a failed client-node call. */
async function failure(call: Promise<unknown>): Promise<{ code: number; body: Record<string, any> }> {
    try {
        await call;
    } catch (err) {
        const e = err as { code?: number; body?: unknown };
        if (e.code === undefined) {
            throw err;
        }
        return {
            code: e.code,
            body: typeof e.body === "string" ? JSON.parse(e.body) : (e.body as Record<string, any>),
        };
    }
    throw new Error("the call succeeded");
}

const configMap = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>) => ({
    metadata: { name, ...(labels && { labels }) },
    data,
});

describe("Kubernetes API server stand-in (through @kubernetes/client-node)", () => {
    let k8s: K8s;
    let api: KubernetesApiServer;
    let core: InstanceType<K8s["CoreV1Api"]>;
    let networking: InstanceType<K8s["NetworkingV1Api"]>;
    let coordination: InstanceType<K8s["CoordinationV1Api"]>;
    let events: InstanceType<K8s["EventsV1Api"]>;

    before(async () => {
        k8s = await import("@kubernetes/client-node");
        api = await KubernetesApiServer.start();
        const config = new k8s.KubeConfig();
        config.loadFromFile(api.kubeconfigPath);
        core = config.makeApiClient(k8s.CoreV1Api);
        networking = config.makeApiClient(k8s.NetworkingV1Api);
        coordination = config.makeApiClient(k8s.CoordinationV1Api);
        events = config.makeApiClient(k8s.EventsV1Api);
    });
    beforeEach(() => api.reset());
    after(async () => {
        await api?.close();
    });

    it("creates objects with a uid, a creationTimestamp and a resourceVersion, and reads them back", async () => {
        const created = await core.createNamespacedConfigMap({
            namespace: "pools",
            body: configMap("public", { a: "1" }),
        });
        expect(created.metadata?.uid).to.match(/^[0-9a-f-]{36}$/);
        expect(created.metadata?.creationTimestamp).to.be.instanceOf(Date);
        expect(created.metadata?.resourceVersion).to.match(/^\d+$/);
        const read = await core.readNamespacedConfigMap({ name: "public", namespace: "pools" });
        expect(read.data).to.deep.equal({ a: "1" });
        expect(read.metadata?.resourceVersion).to.equal(created.metadata?.resourceVersion);
        expect(api.count({ verb: "create", resource: "configmaps" })).to.equal(1);
        expect(api.reads("configmaps")).to.equal(1);
    });

    it("answers 404 NotFound with a Status body for a missing object, on get, replace, patch and delete", async () => {
        const got = await failure(core.readNamespacedConfigMap({ name: "nope", namespace: "pools" }));
        expect(got.code).to.equal(404);
        expect(got.body).to.deep.include({
            kind: "Status",
            apiVersion: "v1",
            status: "Failure",
            reason: "NotFound",
            code: 404,
            message: 'configmaps "nope" not found',
        });
        expect(got.body.details).to.deep.equal({ name: "nope", group: "", kind: "configmaps" });
        const ingress = await failure(networking.readNamespacedIngress({ name: "nope", namespace: "apps" }));
        expect(ingress.body.message).to.equal('ingresses.networking.k8s.io "nope" not found');
        expect(
            (
                await failure(
                    core.replaceNamespacedConfigMap({ name: "nope", namespace: "pools", body: configMap("nope") }),
                )
            ).code,
        ).to.equal(404);
        expect(
            (await failure(core.patchNamespacedConfigMap({ name: "nope", namespace: "pools", body: [] }))).code,
        ).to.equal(404);
        expect((await failure(core.deleteNamespacedConfigMap({ name: "nope", namespace: "pools" }))).code).to.equal(
            404,
        );
    });

    it("refuses a second create of one name with 409 AlreadyExists", async () => {
        await core.createNamespacedConfigMap({ namespace: "pools", body: configMap("public") });
        const again = await failure(core.createNamespacedConfigMap({ namespace: "pools", body: configMap("public") }));
        expect(again.code).to.equal(409);
        expect(again.body).to.deep.include({
            kind: "Status",
            status: "Failure",
            reason: "AlreadyExists",
            message: 'configmaps "public" already exists',
        });
        expect(again.body.details).to.deep.equal({ name: "public", group: "", kind: "configmaps" });
    });

    it("refuses a stale replace with 409 Conflict and the real message; the current resourceVersion wins", async () => {
        const first = await core.createNamespacedConfigMap({
            namespace: "pools",
            body: configMap("public", { n: "0" }),
        });
        const mine = await core.replaceNamespacedConfigMap({
            name: "public",
            namespace: "pools",
            body: { ...first, data: { n: "1" } },
        });
        const stale = await failure(
            core.replaceNamespacedConfigMap({
                name: "public",
                namespace: "pools",
                body: { ...first, data: { n: "2" } },
            }),
        );
        expect(stale.code).to.equal(409);
        expect(stale.body).to.deep.include({
            kind: "Status",
            status: "Failure",
            reason: "Conflict",
            code: 409,
            message:
                'Operation cannot be fulfilled on configmaps "public": the object has been modified; please apply your changes to the latest version and try again',
        });
        expect(stale.body.details).to.deep.equal({ name: "public", group: "", kind: "configmaps" });
        expect((await core.readNamespacedConfigMap({ name: "public", namespace: "pools" })).data).to.deep.equal({
            n: "1",
        });
        const next = await core.replaceNamespacedConfigMap({
            name: "public",
            namespace: "pools",
            body: { ...mine, data: { n: "3" } },
        });
        expect(next.data).to.deep.equal({ n: "3" });
    });

    it("changes and increases the resourceVersion cluster-wide on every write that changes something, and keeps it on a no-op", async () => {
        const versions: number[] = [];
        const cm = await core.createNamespacedConfigMap({ namespace: "a", body: configMap("one") });
        versions.push(Number(cm.metadata!.resourceVersion));
        const lease = await coordination.createNamespacedLease({
            namespace: "b",
            body: { metadata: { name: "l" }, spec: { holderIdentity: "x" } },
        });
        versions.push(Number(lease.metadata!.resourceVersion));
        const replaced = await core.replaceNamespacedConfigMap({
            name: "one",
            namespace: "a",
            body: { ...cm, data: { k: "v" } },
        });
        versions.push(Number(replaced.metadata!.resourceVersion));
        // Without a resourceVersion the replace is unconditional, as the real server allows for these kinds.
        const unconditional = await core.replaceNamespacedConfigMap({
            name: "one",
            namespace: "a",
            body: configMap("one", { k: "w" }),
        });
        versions.push(Number(unconditional.metadata!.resourceVersion));
        const patched = await core.patchNamespacedConfigMap({
            name: "one",
            namespace: "a",
            body: [{ op: "add", path: "/data/z", value: "1" }],
        });
        versions.push(Number(patched.metadata!.resourceVersion));
        expect(versions).to.deep.equal([...versions].sort((x, y) => x - y));
        expect(new Set(versions).size).to.equal(versions.length);
        expect(unconditional.metadata?.uid).to.equal(cm.metadata?.uid);
        const same = await core.replaceNamespacedConfigMap({ name: "one", namespace: "a", body: patched });
        expect(same.metadata?.resourceVersion).to.equal(patched.metadata?.resourceVersion);
    });

    it("patches with JSON patch (client-node's default) and merge patch; a stale resourceVersion in the patch conflicts", async () => {
        const cm = await core.createNamespacedConfigMap({
            namespace: "pools",
            body: configMap("public", { a: "1", b: "2" }),
        });
        await core.patchNamespacedConfigMap({
            name: "public",
            namespace: "pools",
            body: [{ op: "replace", path: "/data/a", value: "9" }],
        });
        const merged = await core.patchNamespacedConfigMap(
            { name: "public", namespace: "pools", body: { data: { b: null, c: "3" } } },
            k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
        );
        expect(merged.data).to.deep.equal({ a: "9", c: "3" });
        const test = await failure(
            core.patchNamespacedConfigMap({
                name: "public",
                namespace: "pools",
                body: [{ op: "test", path: "/data/a", value: "1" }],
            }),
        );
        expect(test.code).to.equal(422);
        const stale = await failure(
            core.patchNamespacedConfigMap(
                {
                    name: "public",
                    namespace: "pools",
                    body: { metadata: { resourceVersion: cm.metadata!.resourceVersion }, data: { a: "0" } },
                },
                k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
            ),
        );
        expect(stale.code).to.equal(409);
        expect(stale.body.reason).to.equal("Conflict");
    });

    it("lists across namespaces with label and field selectors, as a ConfigMapList with the cluster's resourceVersion", async () => {
        await core.createNamespacedConfigMap({
            namespace: "a",
            body: configMap("p1", {}, { pool: "public", tier: "web" }),
        });
        await core.createNamespacedConfigMap({ namespace: "b", body: configMap("p2", {}, { pool: "public" }) });
        await core.createNamespacedConfigMap({ namespace: "b", body: configMap("q1", {}, { pool: "internal" }) });
        const names = (l: { items: { metadata?: { namespace?: string; name?: string } }[] }) =>
            l.items.map(i => `${i.metadata?.namespace}/${i.metadata?.name}`);
        const all = await core.listConfigMapForAllNamespaces();
        expect(all.kind).to.equal("ConfigMapList");
        expect(all.metadata?.resourceVersion).to.equal(api.store.resourceVersion);
        expect(names(all)).to.deep.equal(["a/p1", "b/p2", "b/q1"]);
        expect(names(await core.listConfigMapForAllNamespaces({ labelSelector: "pool=public" }))).to.deep.equal([
            "a/p1",
            "b/p2",
        ]);
        expect(names(await core.listConfigMapForAllNamespaces({ labelSelector: "pool=public,!tier" }))).to.deep.equal([
            "b/p2",
        ]);
        expect(
            names(await core.listConfigMapForAllNamespaces({ labelSelector: "pool in (internal, other)" })),
        ).to.deep.equal(["b/q1"]);
        expect(names(await core.listConfigMapForAllNamespaces({ labelSelector: "pool!=public" }))).to.deep.equal([
            "b/q1",
        ]);
        expect(
            names(await core.listNamespacedConfigMap({ namespace: "b", fieldSelector: "metadata.name=q1" })),
        ).to.deep.equal(["b/q1"]);
        const page = await core.listConfigMapForAllNamespaces({ limit: 2 });
        expect(names(page)).to.deep.equal(["a/p1", "b/p2"]);
        expect(
            names(await core.listConfigMapForAllNamespaces({ limit: 2, _continue: page.metadata!._continue })),
        ).to.deep.equal(["b/q1"]);
        expect((await failure(core.listConfigMapForAllNamespaces({ fieldSelector: "data.x=1" }))).code).to.equal(400);

        await networking.createNamespacedIngress({
            namespace: "a",
            body: { metadata: { name: "i", labels: { pool: "public" } }, spec: { ingressClassName: "alb" } },
        });
        await networking.createNamespacedIngress({
            namespace: "c",
            body: { metadata: { name: "j" }, spec: { ingressClassName: "alb" } },
        });
        const ingresses = await networking.listIngressForAllNamespaces({ labelSelector: "pool" });
        expect(ingresses.kind).to.equal("IngressList");
        expect(names(ingresses)).to.deep.equal(["a/i"]);
    });

    it("deletes with resourceVersion preconditions: stale is 409 Conflict, current answers the real Success Status", async () => {
        const cm = await core.createNamespacedConfigMap({ namespace: "pools", body: configMap("public") });
        const changed = await core.replaceNamespacedConfigMap({
            name: "public",
            namespace: "pools",
            body: { ...cm, data: { x: "1" } },
        });
        const stale = await failure(
            core.deleteNamespacedConfigMap({
                name: "public",
                namespace: "pools",
                body: { preconditions: { resourceVersion: cm.metadata!.resourceVersion } },
            }),
        );
        expect(stale.code).to.equal(409);
        expect(stale.body.reason).to.equal("Conflict");
        expect(stale.body.message).to.match(
            /^Operation cannot be fulfilled on configmaps "public": .*Precondition failed: ResourceVersion in precondition: \d+, ResourceVersion in object meta: \d+$/,
        );
        const deleted = await core.deleteNamespacedConfigMap({
            name: "public",
            namespace: "pools",
            body: { preconditions: { resourceVersion: changed.metadata!.resourceVersion } },
        });
        expect(deleted).to.deep.include({ kind: "Status", status: "Success" });
        expect(deleted.details).to.deep.include({
            name: "public",
            group: "",
            kind: "configmaps",
            uid: cm.metadata!.uid,
        });
        expect((await failure(core.readNamespacedConfigMap({ name: "public", namespace: "pools" }))).code).to.equal(
            404,
        );
    });

    it("answers an injected 403 with RBAC's message naming the user, verb, resource and namespace", async () => {
        await core.createNamespacedConfigMap({ namespace: "pools", body: configMap("public") });
        api.forbid("update", "configmaps");
        const denied = await failure(
            core.replaceNamespacedConfigMap({
                name: "public",
                namespace: "pools",
                body: configMap("public", { a: "1" }),
            }),
        );
        expect(denied.code).to.equal(403);
        expect(denied.body).to.deep.include({
            kind: "Status",
            status: "Failure",
            reason: "Forbidden",
            message:
                'configmaps "public" is forbidden: User "ci-deployer" cannot update resource "configmaps" in API group "" in the namespace "pools"',
        });
        await core.readNamespacedConfigMap({ name: "public", namespace: "pools" });
        api.forbid("list", "ingresses");
        const list = await failure(networking.listIngressForAllNamespaces());
        expect(list.body.message).to.equal(
            'ingresses.networking.k8s.io is forbidden: User "ci-deployer" cannot list resource "ingresses" in API group "networking.k8s.io" at the cluster scope',
        );
    });

    it("answers a conflict storm with exactly N 409 Conflicts, then writes again", async () => {
        await coordination.createNamespacedLease({
            namespace: "pools",
            body: { metadata: { name: "grow" }, spec: {} },
        });
        api.conflictStorm("leases", 3);
        let conflicts = 0;
        for (;;) {
            const current = await coordination.readNamespacedLease({ name: "grow", namespace: "pools" });
            try {
                await coordination.replaceNamespacedLease({
                    name: "grow",
                    namespace: "pools",
                    body: { ...current, spec: { holderIdentity: "me" } },
                });
                break;
            } catch (err) {
                expect((err as { code?: number }).code).to.equal(409);
                conflicts++;
            }
        }
        expect(conflicts).to.equal(3);
        expect(api.writes("leases")).to.equal(1 + 4);
        expect(api.requests.filter(r => r.resource === "leases" && r.code === 409)).to.have.length(3);
    });

    it("lets the slower of two concurrent read-modify-writes lose with 409 Conflict when latency widens the window", async () => {
        await core.createNamespacedConfigMap({ namespace: "pools", body: configMap("public", { n: "0" }) });
        api.latencyMs = 50;
        const increment = async (by: string) => {
            const current = await core.readNamespacedConfigMap({ name: "public", namespace: "pools" });
            return core
                .replaceNamespacedConfigMap({
                    name: "public",
                    namespace: "pools",
                    body: { ...current, data: { n: by } },
                })
                .then(
                    () => "written",
                    (err: { code?: number }) => err.code,
                );
        };
        const outcomes = await Promise.all([increment("a"), increment("b")]);
        expect(outcomes.sort()).to.deep.equal([409, "written"].sort());
    });

    it("selects Events by the involved object's name, kind and namespace, through core/v1 and events.k8s.io/v1", async () => {
        const event = (name: string, involved: string, kind: string) => ({
            metadata: { name },
            involvedObject: { kind, name: involved, namespace: "apps" },
            reason: "SuccessfullyReconciled",
            message: "ok",
            type: "Normal",
        });
        await core.createNamespacedEvent({ namespace: "apps", body: event("e1", "checkout", "Ingress") });
        await core.createNamespacedEvent({ namespace: "apps", body: event("e2", "checkout", "Service") });
        await core.createNamespacedEvent({ namespace: "apps", body: event("e3", "cart", "Ingress") });
        const selected = await core.listNamespacedEvent({
            namespace: "apps",
            fieldSelector: "involvedObject.name=checkout,involvedObject.kind=Ingress,involvedObject.namespace=apps",
        });
        expect(selected.items.map(e => e.metadata.name)).to.deep.equal(["e1"]);
        const all = await core.listEventForAllNamespaces({ fieldSelector: "involvedObject.kind=Ingress" });
        expect(all.items.map(e => e.metadata.name)).to.deep.equal(["e1", "e3"]);
        // The same Events through events.k8s.io/v1, selected by `regarding`, read-only.
        const v1 = await events.listNamespacedEvent({
            namespace: "apps",
            fieldSelector: "regarding.name=checkout,regarding.kind=Ingress",
        });
        expect(v1.items.map(e => [e.metadata?.name, e.regarding?.name, e.note, e.reason])).to.deep.equal([
            ["e1", "checkout", "ok", "SuccessfullyReconciled"],
        ]);
        expect((await events.readNamespacedEvent({ name: "e3", namespace: "apps" })).regarding?.name).to.equal("cart");
        expect(
            (
                await failure(
                    events.createNamespacedEvent({
                        namespace: "apps",
                        body: { metadata: { name: "e4" }, eventTime: new Date() },
                    }),
                )
            ).code,
        ).to.equal(405);
    });

    it("keeps an Ingress's status and generation server-owned, and holds a deleted Ingress until its finalizers go", async () => {
        const ing = await networking.createNamespacedIngress({
            namespace: "apps",
            body: {
                metadata: { name: "i", finalizers: ["group.ingress.k8s.aws/g"] },
                spec: { ingressClassName: "alb" },
            },
        });
        expect(ing.metadata?.generation).to.equal(1);
        const respec = await networking.replaceNamespacedIngress({
            name: "i",
            namespace: "apps",
            body: {
                ...ing,
                spec: { ingressClassName: "other" },
                status: { loadBalancer: { ingress: [{ hostname: "x" }] } },
            },
        });
        expect(respec.metadata?.generation).to.equal(2);
        expect(respec.status?.loadBalancer?.ingress).to.equal(undefined);
        const status = await networking.replaceNamespacedIngressStatus({
            name: "i",
            namespace: "apps",
            body: { ...respec, status: { loadBalancer: { ingress: [{ hostname: "alb.example" }] } } },
        });
        expect(status.status?.loadBalancer?.ingress?.[0].hostname).to.equal("alb.example");
        expect(status.metadata?.generation).to.equal(2);
        await networking.deleteNamespacedIngress({ name: "i", namespace: "apps" });
        const held = await networking.readNamespacedIngress({ name: "i", namespace: "apps" });
        expect(held.metadata?.deletionTimestamp).to.be.instanceOf(Date);
        await networking.replaceNamespacedIngress({
            name: "i",
            namespace: "apps",
            body: { ...held, metadata: { ...held.metadata, finalizers: [] } },
        });
        expect((await failure(networking.readNamespacedIngress({ name: "i", namespace: "apps" }))).code).to.equal(404);
    });

    it("refuses invalid names with 422 Invalid naming the kind", async () => {
        const bad = await failure(core.createNamespacedConfigMap({ namespace: "pools", body: configMap("Bad_Name") }));
        expect(bad.code).to.equal(422);
        expect(bad.body.reason).to.equal("Invalid");
        expect(bad.body.message).to.match(/^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value/);
        expect(bad.body.details).to.deep.include({ name: "Bad_Name", kind: "ConfigMap" });
    });

    it("can hang (no answer) and, once closed, is unreachable", async () => {
        const other = await KubernetesApiServer.start({ contextName: "doomed" });
        const config = new k8s.KubeConfig();
        config.loadFromFile(other.kubeconfigPath);
        const client = config.makeApiClient(k8s.CoreV1Api);
        other.faults.push({ respond: "hang" });
        const answer = await Promise.race([
            client.readNamespacedConfigMap({ name: "x", namespace: "y" }).then(
                () => "answered",
                () => "failed",
            ),
            new Promise(resolve => setTimeout(() => resolve("no answer"), 300)),
        ]);
        expect(answer).to.equal("no answer");
        await other.close();
        const gone = await client.readNamespacedConfigMap({ name: "x", namespace: "y" }).then(
            () => undefined,
            err => err as { code?: unknown; message: string },
        );
        // A network error, not an HTTP status: node-fetch's FetchError with the socket's code.
        expect(gone?.code).to.equal("ECONNREFUSED");
        expect(gone?.message).to.include("ECONNREFUSED");
    });
});
