/**
 * Placement coordinated through the cluster: read the reservations and Ingresses, choose, and write the
 * reservation to the chosen ALB's ConfigMap with optimistic concurrency; a conflict means read and choose again.
 */
import type * as k8s from "@kubernetes/client-node";
import type { IngressRef } from "../core/assignment-contract";
import type { BalancerAddress, BalancerMeasurement } from "../core/balancer-load";
import type { CandidatePool } from "../core/candidate-pool";
import { NO_USAGE, measuredUsage } from "../core/balancer-usage";
import type { CatalogCertificate } from "../core/certificate-matching";
import { usageIn } from "../core/cluster-load";
import { Placement, QuotaCheck, choosePlacement } from "../core/placement";
import type { PlacementLedger } from "../core/placement-ledger";
import { QUOTA_DIMENSIONS, Usage, addUsage } from "../core/quota-dimensions";
import { Reservation, reservationConfigMapName, reservationLabels, withReservation } from "../core/reservation-records";
import type { RuleLimits } from "../core/rule-limits";
import { ArrivalOptions, waitForBalancer } from "./balancer-address";
import type { MeasureOptions } from "./balancer-measurement";
import {
    CoordinationUnavailableError,
    coordinationAccess,
    readCluster,
    readReservationConfigMaps,
} from "./cluster-load-reading";
import { KubernetesAccess, kubernetesErrorText, kubernetesStatusCode, withDeadline } from "./kubernetes-access";
import { processState, reservationTtlSeconds } from "./process-ledger";
import {
    ConflictRetry,
    RESERVATION_RETRY_VARIABLE,
    backoffMs,
    conflictRetry,
    reservationRetrySeconds,
} from "./conflict-retry";
import { writeConfigMapAtVersion } from "./configmap-write";
import { PlacementRounds, RoundEntry } from "./placement-rounds";
import type { ScopePlacement } from "./scope-placement";

/** Everything {@link placeCoordinated} needs. */
export interface CoordinatedPlacementRequest {
    /** The coordination namespace, where the reservation ConfigMaps live. */
    namespace: string;
    /** The reservation's key: the assignment's id, which its delete knows too. */
    key: string;
    /** The scope's own Ingress, whose appearance in the cluster ends the reservation's count. */
    ingress?: IngressRef;
    pool: CandidatePool;
    limits: RuleLimits;
    measure: MeasureOptions & { region: string };
    arrival?: ArrivalOptions;
    /**
     * Every quota dimension, read while the pool is measured, with the warnings of its fallbacks and ACM's
     * certificates (for the cluster's pending Ingresses). Default: rules only (`limits`).
     */
    quotas?: Promise<QuotaReading>;
}

/** The quota dimensions of a placement as read with the pool's measurement. */
export interface QuotaReading {
    check: QuotaCheck;
    warnings: string[];
    catalog?: CatalogCertificate[];
}

/** Where a coordinated placement's reservation is, to give it back when the create fails after all. */
export interface ReservationAddress {
    namespace: string;
    region: string;
    balancerName: string;
    key: string;
}

/** Writes kept failing with 409 Conflict until the retry time limit: other deployments kept winning the race for the same ConfigMaps. */
export class ReservationConflictError extends Error {
    constructor(
        readonly namespace: string,
        readonly conflicts: string[],
        readonly seconds: number,
    ) {
        super(
            `coordinationNamespace "${namespace}": the reservation could not be written in ${conflicts.length} attempts over ${seconds} s ` +
                `(${RESERVATION_RETRY_VARIABLE}), each refused with 409 Conflict because another deployment wrote the same ConfigMap first ` +
                `(${[...new Set(conflicts)].join(", ")}). Other stacks are placing scopes on this pool right now; run the deployment again, ` +
                `or raise ${RESERVATION_RETRY_VARIABLE} when many stacks deploy into this pool at once. The scope was not placed.`,
        );
        this.name = "ReservationConflictError";
    }
}

/**
 * Places a scope with every stack's reservations in view: measures the pool (shared per TTL in this process), then
 * joins the next placement round of its region and namespace in this process (see {@link placementRound}): the
 * round reads the reservation ConfigMaps and the cluster's Ingresses, chooses against their combined load (see
 * `combineLoad`) plus this process's ledger (adoptions, and pins and placements made without coordination), and
 * writes the reservation under `metadata.resourceVersion`. A 409 (another stack wrote first) means read, choose
 * and write again in a later round, until the time limit of `SCOPE_INGRESS_RESERVATION_RETRY_SECONDS` (see
 * {@link conflictRetry}). A cluster that cannot be read or written fails the placement: it never goes ahead
 * uncoordinated.
 */
export async function placeCoordinated(request: CoordinatedPlacementRequest): Promise<ScopePlacement> {
    const { region } = request.measure;
    // Read before anything is measured or written: a refused setting fails the create with nothing reserved.
    const ttlSeconds = reservationTtlSeconds();
    const retrySeconds = reservationRetrySeconds();
    const state = processState(region);
    const [measurements, quotas] = await Promise.all([
        state.measurements.measure(request.pool.candidates, request.measure),
        request.quotas,
    ]);
    const limits = quotas === undefined ? request.limits : { ...request.limits, quotas: quotas.check };
    const access = await coordinationAccess(request.namespace);
    const placement = await new Promise<Placement>((resolve, reject) =>
        roundsOf(region, request.namespace).join({
            request,
            limits,
            quotas,
            measurements,
            access,
            ttlSeconds,
            // The time limit starts when the placement first waits for a round, as a write made one at a time did.
            retry: conflictRetry(retrySeconds),
            attempt: 1,
            conflicts: [],
            resolve,
            reject,
        }),
    );
    const chosen = measurements.find(m => m.name === placement.balancerName);
    let address: BalancerAddress | undefined;
    try {
        if (chosen?.kind === "measured") {
            address = chosen;
        } else if (chosen?.kind === "in-flight") {
            address = await waitForBalancer(chosen.name, { ...request.measure, ...request.arrival });
        }
    } catch (err) {
        const failed = await releaseReservation({
            namespace: request.namespace,
            region,
            balancerName: placement.balancerName,
            key: request.key,
        });
        throw withReleaseFailure(err, failed);
    }
    const picked = address && {
        name: address.name,
        arn: address.arn,
        dnsName: address.dnsName,
        canonicalHostedZoneId: address.canonicalHostedZoneId,
    };
    return { ...placement, address: picked, measurements };
}

/** A placement waiting for its round. */
interface WaitingPlacement extends RoundEntry {
    request: CoordinatedPlacementRequest;
    /** The request's limits with its quota check. */
    limits: RuleLimits;
    quotas?: QuotaReading;
    measurements: BalancerMeasurement[];
    access: KubernetesAccess;
    ttlSeconds: number;
    retry: ConflictRetry;
    /** The attempt the next write is, from 1. */
    attempt: number;
    /** The 409s its writes met, for the error when the time limit passes. */
    conflicts: string[];
    resolve(placement: Placement): void;
}

const rounds = new Map<string, PlacementRounds<WaitingPlacement>>();

/** The placement rounds of `region` and coordination `namespace` in this process. */
function roundsOf(region: string, namespace: string): PlacementRounds<WaitingPlacement> {
    const key = `${region}/${namespace}`;
    let found = rounds.get(key);
    if (found === undefined) {
        const state = processState(region);
        found = new PlacementRounds<WaitingPlacement>(
            task => state.serialized(task),
            entries => placementRound(entries, state.ledger),
        );
        rounds.set(key, found);
    }
    return found;
}

/**
 * One round: reads the cluster once, chooses for every waiting placement in turn (each seeing the ones chosen
 * before it in the round), and writes each chosen ALB's ConfigMap once with all of the round's reservations on it,
 * the ALBs in parallel. A 409 on one ConfigMap sends only its placements to the next round, after a random pause:
 * they choose again against what the winner wrote. Placements on ConfigMaps written are done.
 */
async function placementRound(entries: WaitingPlacement[], ledger: PlacementLedger): Promise<WaitingPlacement[]> {
    const { access, request } = entries[0];
    const { namespace } = request;
    const { region } = request.measure;
    const { view, configMaps } = await readCluster(access, namespace, region);
    const now = Date.now();
    const chosenInRound = new Map<string, Usage>();
    const byBalancer = new Map<string, { entry: WaitingPlacement; placement: Placement }[]>();
    for (const entry of entries) {
        // What the cluster, this process and this round add to AWS's count: choosePlacement adds the measurement.
        const beyondAws = (name: string): Usage => {
            const m = entry.measurements.find(x => x.name === name);
            const combined = usageIn(view, name, m, now, entry.quotas?.catalog).usage;
            const aws = measuredUsage(m);
            const held = addUsage(ledger.reservedUsageOn(name), chosenInRound.get(name) ?? NO_USAGE);
            return Object.fromEntries(QUOTA_DIMENSIONS.map(d => [d, combined[d] - aws[d] + held[d]])) as Usage;
        };
        let placement: Placement;
        try {
            placement = choosePlacement(
                entry.request.pool,
                entry.measurements,
                entry.limits,
                beyondAws,
                // Stacks that read the same loads would all pick the first of equally loaded ALBs and queue on its
                // ConfigMap, one winner per round; a random pick among them spreads racing stacks over the ConfigMaps.
                tied => tied[Math.floor(Math.random() * tied.length)],
            );
        } catch (err) {
            entry.reject(err);
            continue;
        }
        const name = placement.balancerName;
        chosenInRound.set(name, addUsage(chosenInRound.get(name) ?? NO_USAGE, adding(entry, placement)));
        byBalancer.set(name, [...(byBalancer.get(name) ?? []), { entry, placement }]);
    }
    const writes = await Promise.allSettled(
        [...byBalancer].map(([balancerName, placed]) =>
            writeReservations(
                access,
                namespace,
                region,
                balancerName,
                configMaps.get(balancerName),
                placed.map(({ entry, placement }) =>
                    reservationOf({ ...entry.request, usage: adding(entry, placement) }, now, entry.ttlSeconds),
                ),
                now,
            ),
        ),
    );
    const again: WaitingPlacement[] = [];
    [...byBalancer.values()].forEach((placed, i) => {
        const write = writes[i];
        for (const { entry, placement } of placed) {
            if (write.status === "rejected") {
                entry.reject(write.reason);
            } else if (write.value === "written") {
                entry.resolve(
                    entry.quotas === undefined
                        ? placement
                        : { ...placement, warnings: [...placement.warnings, ...entry.quotas.warnings] },
                );
            } else if (entry.retry.exhausted(entry.attempt)) {
                entry.reject(
                    new ReservationConflictError(namespace, [...entry.conflicts, write.value], entry.retry.seconds),
                );
            } else {
                entry.conflicts.push(write.value);
                entry.attempt++;
                again.push(entry);
            }
        }
    });
    if (again.length > 0) {
        await new Promise(resolve => setTimeout(resolve, backoffMs(Math.min(...again.map(e => e.attempt - 1)))));
    }
    return again;
}

/** What `placement` adds to its ALB: the quota check's answer, or the scope's rules only. */
function adding(entry: WaitingPlacement, placement: Placement): Usage {
    return placement.adding ?? { ...NO_USAGE, rules: entry.limits.expectedRules };
}

/** The reservation a placement writes: what the scope adds, its own Ingress, and when it stops counting. */
function reservationOf(
    request: Pick<CoordinatedPlacementRequest, "key" | "ingress"> & {
        limits: Pick<RuleLimits, "expectedRules">;
        /** What the scope adds in every dimension; absent: its rules only. */
        usage?: Usage;
    },
    now: number,
    ttlSeconds: number,
): ReservationEntry {
    const { key, ingress, limits, usage } = request;
    return {
        key,
        reservation: {
            rules: limits.expectedRules,
            ...(usage && { usage }),
            ...(ingress && { ingress: { namespace: ingress.namespace, name: ingress.name } }),
            expiresAt: new Date(now + ttlSeconds * 1000).toISOString(),
        },
    };
}

/** One reservation to add, under its key. */
type ReservationEntry = { key: string; reservation: Reservation };

/**
 * Writes `adds` into ALB `balancerName`'s ConfigMap in one request, at the version `current` was read at (see
 * {@link writeConfigMapAtVersion}). Expired reservations are dropped in the same write. Returns "written", or the
 * conflict to retry on; throws on any other failure.
 */
async function writeReservations(
    access: KubernetesAccess,
    namespace: string,
    region: string,
    balancerName: string,
    current: k8s.V1ConfigMap | undefined,
    adds: ReservationEntry[],
    now: number,
): Promise<"written" | string> {
    const name = reservationConfigMapName(region, balancerName);
    const data = adds.reduce((data, add) => withReservation(data, now, { add }), current?.data);
    return writeConfigMapAtVersion(
        access,
        namespace,
        { name, labels: reservationLabels(region, balancerName) },
        current,
        data ?? {},
        `writing the reservation into ConfigMap ${name}`,
    );
}

/** A reservation for an ALB that was named, not chosen (a pin): where it goes and what it holds. */
export interface NamedReservationRequest extends ReservationAddress {
    /** The scope's `expectedRules`. */
    rules: number;
    /** What the scope adds to the ALB in every dimension. Default: its rules only. */
    usage?: Usage;
    /** The scope's own Ingress, whose appearance in the ALB's group ends the reservation's count. */
    ingress?: IngressRef;
}

/**
 * Writes the reservation of a pinned scope on its ALB, so that between the pin's create and its Ingress's
 * appearance other stacks count it: the same write as a placement's, without a choice. A 409 only means another
 * stack wrote the ConfigMap first, so it re-reads and writes again, within the same time limit as a placement.
 * A cluster that cannot be read or written fails the create, as for a placement.
 */
export async function reserveNamed(request: NamedReservationRequest): Promise<void> {
    const { namespace, region, balancerName } = request;
    const ttlSeconds = reservationTtlSeconds();
    const retrySeconds = reservationRetrySeconds();
    const access = await coordinationAccess(namespace);
    await processState(region).serialized(async () => {
        const conflicts: string[] = [];
        const retry = conflictRetry(retrySeconds);
        for (let attempt = 1; ; attempt++) {
            const configMaps = await readReservationConfigMaps(access, namespace, region);
            const now = Date.now();
            const written = await writeReservations(
                access,
                namespace,
                region,
                balancerName,
                configMaps.get(balancerName),
                [reservationOf({ ...request, limits: { expectedRules: request.rules } }, now, ttlSeconds)],
                now,
            );
            if (written === "written") {
                return;
            }
            conflicts.push(written);
            if (!(await retry.pause(attempt))) {
                throw new ReservationConflictError(namespace, conflicts, retrySeconds);
            }
        }
    });
}

/**
 * `err`, with `releaseFailure` (what {@link releaseReservation} returned) appended to its message: the provider's
 * stderr is not shown by the Pulumi CLI by default, and the failed create's error is what the user reads.
 */
export function withReleaseFailure(err: unknown, releaseFailure: string | undefined): unknown {
    if (releaseFailure !== undefined && err instanceof Error) {
        err.message += ` The reservation this create wrote could not be removed: ${releaseFailure}`;
    }
    return err;
}

/**
 * Removes a reservation, at once: on delete, and when a create fails after placing. Best effort: when the
 * cluster cannot be reached the reservation expires by itself, and a delete (a `pulumi destroy` of a cluster
 * already gone, say) must not fail for it. Runs in the region's queue, so this process's own placements do not
 * conflict with it. Resolves to what went wrong when it could not remove it (also written to the provider's
 * stderr, which only the engine's logs show), else undefined.
 */
export async function releaseReservation(address: ReservationAddress): Promise<string | undefined> {
    const name = reservationConfigMapName(address.region, address.balancerName);
    let server = "(no kubeconfig)";
    try {
        const access = await coordinationAccess(address.namespace);
        server = access.server;
        const retrySeconds = reservationRetrySeconds();
        await processState(address.region).serialized(async () => {
            // As for a placement, the time limit starts once this release's turn in the region's queue has come.
            const retry = conflictRetry(retrySeconds);
            for (let attempt = 1; ; attempt++) {
                let current: k8s.V1ConfigMap;
                try {
                    current = await withDeadline(
                        access.core.readNamespacedConfigMap({ name, namespace: address.namespace }),
                    );
                } catch (err) {
                    if (kubernetesStatusCode(err) === 404) {
                        return;
                    }
                    throw err;
                }
                if (current.data?.[address.key] === undefined) {
                    return;
                }
                try {
                    await withDeadline(
                        access.core.replaceNamespacedConfigMap({
                            name,
                            namespace: address.namespace,
                            body: {
                                ...current,
                                data: withReservation(current.data, Date.now(), { remove: address.key }),
                            },
                        }),
                    );
                    return;
                } catch (err) {
                    if (kubernetesStatusCode(err) !== 409 || !(await retry.pause(attempt))) {
                        throw err;
                    }
                }
            }
        });
    } catch (err) {
        // Not fatal: the reservation stops counting at its expiry. The provider's stderr reaches the engine's logs.
        const failure =
            `could not remove reservation ${address.key} from ConfigMap ${address.namespace}/${name} ` +
            `(${err instanceof CoordinationUnavailableError ? err.message : kubernetesErrorText(err, server)}); it stops counting when it expires.`;
        console.error(`scope-ingress: ${failure}`);
        return failure;
    }
    return undefined;
}
