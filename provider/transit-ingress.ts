/** The transit Ingress of a move: a copy of the scope's Ingress on the target ALB, which serves it there until the scope's own Ingress arrives. */
import { createHash } from "node:crypto";
import type { IngressRef } from "../core/assignment-contract";
import { ALB_ANNOTATIONS } from "../core/alb-annotations";
import {
    KubernetesAccess,
    kubernetesAccess,
    kubernetesErrorText,
    kubernetesStatusCode,
    withDeadline,
} from "./kubernetes-access";

/** Label on every transit Ingress: which Ingress of its namespace it stands in for (a hash when the name is too long for a label). */
export const TRANSIT_FOR_LABEL = "scope-ingress.io/transit-for";

/** The scope's Ingress manifest as the component builds it; its balancer annotations are replaced per ALB. */
export interface ScopeIngressManifest {
    metadata: {
        name: string;
        namespace: string;
        annotations: Record<string, string>;
        labels: Record<string, string>;
    };
    spec: Record<string, unknown>;
}

/** One transit Ingress found in the cluster. */
export interface TransitIngress {
    name: string;
    namespace: string;
    /** The ALB it is on. */
    balancerName: string;
}

/** `<ingress>-via-<alb>`, cut to Kubernetes' 253 characters with a hash when longer. */
export function transitName(ingressName: string, balancerName: string): string {
    const name = `${ingressName}-via-${balancerName}`;
    return name.length <= 253 ? name : `${name.slice(0, 240)}-${hash(name).slice(0, 12)}`;
}

/** The label value naming the scope's Ingress. */
export function transitForValue(ingressName: string): string {
    return ingressName.length <= 63 ? ingressName : `h-${hash(ingressName).slice(0, 40)}`;
}

/**
 * Creates the transit Ingress of `manifest` on `balancerName`, or replaces its spec when it exists (a rerun after
 * an interruption finds it there). Its group is the target ALB's, so the controller builds its rules there.
 */
export async function ensureTransitIngress(manifest: ScopeIngressManifest, balancerName: string): Promise<IngressRef> {
    const access = await kubernetesAccess();
    const ref = { namespace: manifest.metadata.namespace, name: transitName(manifest.metadata.name, balancerName) };
    const body = {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: {
            name: ref.name,
            namespace: ref.namespace,
            labels: { ...manifest.metadata.labels, [TRANSIT_FOR_LABEL]: transitForValue(manifest.metadata.name) },
            annotations: {
                ...manifest.metadata.annotations,
                [ALB_ANNOTATIONS.loadBalancerName]: balancerName,
                [ALB_ANNOTATIONS.groupName]: balancerName,
            },
        },
        spec: manifest.spec,
    };
    try {
        const existing = await withDeadline(access.networking.readNamespacedIngress(ref));
        await withDeadline(
            access.networking.replaceNamespacedIngress({
                ...ref,
                body: { ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion } },
            }),
        );
    } catch (err) {
        if (kubernetesStatusCode(err) !== 404) {
            throw failure(access, `writing the transit Ingress ${ref.namespace}/${ref.name}`, err);
        }
        try {
            await withDeadline(access.networking.createNamespacedIngress({ namespace: ref.namespace, body }));
        } catch (createErr) {
            throw failure(access, `creating the transit Ingress ${ref.namespace}/${ref.name}`, createErr);
        }
    }
    return ref;
}

/** The transit Ingresses that stand in for `ingress`, each with its ALB. */
export async function listTransitIngresses(ingress: IngressRef, access?: KubernetesAccess): Promise<TransitIngress[]> {
    const cluster = access ?? (await kubernetesAccess());
    const list = await withDeadline(
        cluster.networking.listNamespacedIngress({
            namespace: ingress.namespace,
            labelSelector: `${TRANSIT_FOR_LABEL}=${transitForValue(ingress.name)}`,
        }),
    );
    return (list.items ?? []).map(i => ({
        name: i.metadata!.name!,
        namespace: i.metadata!.namespace!,
        balancerName: i.metadata?.annotations?.[ALB_ANNOTATIONS.loadBalancerName] ?? "",
    }));
}

/** Deletes a transit Ingress; one already gone is fine (a rerun). */
export async function deleteTransitIngress(transit: IngressRef): Promise<void> {
    const access = await kubernetesAccess();
    try {
        await withDeadline(access.networking.deleteNamespacedIngress(transit));
    } catch (err) {
        if (kubernetesStatusCode(err) !== 404) {
            throw failure(access, `deleting the transit Ingress ${transit.namespace}/${transit.name}`, err);
        }
    }
}

/** The DNS name in the scope's Ingress's `status.loadBalancer`, set by the controller once it deployed the Ingress's group. */
export async function ingressStatusHostname(ingress: IngressRef): Promise<string | undefined> {
    const access = await kubernetesAccess();
    try {
        const current = await withDeadline(access.networking.readNamespacedIngress(ingress));
        return current.status?.loadBalancer?.ingress?.[0]?.hostname ?? undefined;
    } catch (err) {
        if (kubernetesStatusCode(err) === 404) {
            return undefined;
        }
        throw failure(access, `reading Ingress ${ingress.namespace}/${ingress.name}`, err);
    }
}

function failure(access: KubernetesAccess, doing: string, err: unknown): Error {
    return new Error(`${doing} in context "${access.context}" failed: ${kubernetesErrorText(err, access.server)}`);
}

function hash(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}
