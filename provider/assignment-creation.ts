/** Create of a `BalancerAssignment`: pin, adopt a running scope, or place it, and check the records it may overwrite. */
import { AdoptedRecords, checkAdoptedRecords } from "./adopted-records";
import { AssignmentInputs, AssignmentOutputs, AssignmentSource, SCHEMA_VERSION } from "../core/assignment-contract";
import { AwsCallOptions } from "./aws-clients";
import { ArrivalOptions, awaitActive, describeBalancerAddress } from "./balancer-address";
import { BALANCER_STATES, stateReasonText } from "../core/balancer-state";
import { errorText } from "./aws-errors";
import { BalancerAddress, MeasuredBalancer } from "../core/balancer-load";
import { CandidatePool } from "../core/candidate-pool";
import { IngressLookup, groupAdoptionRefusal, readIngressBalancer } from "./ingress-annotation-lookup";
import { hasRoom } from "../core/placement";
import { Problem, renderProblem } from "../core/problems";
import { processLedger, processState } from "./process-ledger";
import { RuleLimits, rulesShareOfDefault } from "../core/rule-limits";
import type { CatalogCertificate } from "../core/certificate-matching";
import type { QuotaCheck } from "../core/placement";
import { needsCertificateCatalog, scopeQuotaCheck, shapelessUsage } from "../core/quota-check";
import type { Usage } from "../core/quota-dimensions";
import { DEFAULT_THRESHOLDS, QuotaThresholds } from "../core/quota-thresholds";
import {
    ExistingRecord,
    balancerNameFromDnsName,
    comparableDnsName,
    findRecord,
    route53LookupAdvice,
} from "./route53-alias-lookup";
import { placeCoordinated, releaseReservation, reserveNamed, withReleaseFailure } from "./coordinated-placement";
import { ScopePlacement, placeScope } from "./scope-placement";
import { placeInPool } from "./pool-growth";
import type { MeasurementCache } from "./measurement-cache";

/** The pool an assignment's inputs describe. */
export function poolOf(inputs: AssignmentInputs): CandidatePool {
    return {
        visibility: inputs.visibility,
        base: inputs.baseBalancer,
        candidates: [...new Set([inputs.baseBalancer, ...inputs.additionalBalancers])],
    };
}

/**
 * The limits an assignment's inputs describe, rules only (every dimension is added by {@link quotaCheckOfInputs} once
 * the account's limits are read). A `maxRules` given as a share stands for that share of AWS's default quota here.
 */
export function limitsOf(inputs: AssignmentInputs): RuleLimits {
    const maxRules = typeof inputs.maxRules === "string" ? rulesShareOfDefault(inputs.maxRules) : inputs.maxRules;
    return { maxRules, expectedRules: inputs.expectedRules, strict: inputs.strict };
}

/**
 * What a pinned or adopted scope holds in this process's ledger or its reservation, and gives back when deleted: its
 * rules and its target groups (its own, never shared). Its listeners and certificates are shared with the ALB's other
 * scopes, so they are neither reserved for a named ALB nor given back.
 */
export function heldUsage(inputs: Pick<AssignmentInputs, "expectedRules" | "scopeShape">): Usage {
    return { ...shapelessUsage(inputs.expectedRules), targetGroups: inputs.scopeShape?.servicePorts ?? 1 };
}

/** The thresholds an assignment's inputs give, in every dimension (missing ones at their defaults). */
export function thresholdsOf(inputs: AssignmentInputs): QuotaThresholds {
    return {
        rules: inputs.maxRules,
        targetGroups: inputs.maxTargetGroups ?? DEFAULT_THRESHOLDS.targetGroups,
        certificates: inputs.maxCertificates ?? DEFAULT_THRESHOLDS.certificates,
        listeners: inputs.maxListeners ?? DEFAULT_THRESHOLDS.listeners,
    };
}

/**
 * The quota check of a placement of `inputs`: reads the account's limits and, when the scope's certificates depend on
 * ACM, its certificates (each once per TTL in this process), and returns the warnings of any fallback. Started beside
 * the pool's measurement, so placing still takes three rounds.
 */
export async function quotaCheckOfInputs(
    inputs: AssignmentInputs,
    cache: MeasurementCache = processState(inputs.region).measurements,
): Promise<{ check: QuotaCheck; warnings: string[]; catalog?: CatalogCertificate[] }> {
    const withCatalog = needsCertificateCatalog(inputs.scopeShape) || inputs.coordinationNamespace !== undefined;
    const [limits, catalog] = await Promise.all([
        cache.accountLimits({ region: inputs.region }),
        withCatalog ? cache.certificates({ region: inputs.region }) : Promise.resolve(undefined),
    ]);
    const warnings = [limits.warning, needsCertificateCatalog(inputs.scopeShape) ? catalog?.warning : undefined];
    return {
        check: scopeQuotaCheck({
            thresholds: thresholdsOf(inputs),
            accountLimits: limits.limits,
            expectedRules: inputs.expectedRules,
            shape: inputs.scopeShape,
            catalog: catalog?.certificates,
        }),
        warnings: warnings.filter((w): w is string => w !== undefined),
        ...(catalog?.certificates && { catalog: catalog.certificates }),
    };
}

/** The assignment part of the outputs: which ALB, where it is, and why. */
export type Assigned = Pick<
    AssignmentOutputs,
    | "balancerName"
    | "dnsName"
    | "canonicalHostedZoneId"
    | "loadBalancerArn"
    | "source"
    | "rulesAtAssignment"
    | "warnings"
>;

/**
 * Chooses a new scope's ALB, in the order the original deployment-time lookup used: an explicit pin,
 * then adoption of a running scope (its Ingress annotation, then its Route53 alias), then the placement
 * engine. Whatever the source, the result carries the ALB's DNS name and hosted zone id. A create that
 * fails holds no reservation: pins and adoptions reserve as their last step, placement releases on failure.
 * `id` is the assignment's id, under which a coordinated placement keeps its reservation in the cluster.
 */
export async function createAssignment(inputs: AssignmentInputs, id: string): Promise<AssignmentOutputs> {
    const { ledgerRules, ...assigned } = await choose(inputs, id);
    const records = await recordsOf(inputs, assigned, ledgerRules);
    return {
        ...inputs,
        ...assigned,
        warnings: [...assigned.warnings, ...records.warnings],
        creationWarnings: assigned.warnings,
        overwritableRecords: records.overwritable,
        schemaVersion: SCHEMA_VERSION,
    };
}

/**
 * An adopted scope's records that already alias its ALB. Only adoption looks: a placed or pinned scope's
 * records are new, and one that exists belongs to someone else. A failed look-up frees the rules the choice
 * reserved, since the create fails.
 */
async function recordsOf(
    inputs: AssignmentInputs,
    assigned: Assigned,
    ledgerRules: number | Usage,
): Promise<AdoptedRecords> {
    if (!assigned.source.startsWith("adopted-")) {
        return { overwritable: [], warnings: [] };
    }
    try {
        return await checkAdoptedRecords(inputs, assigned, { region: inputs.region });
    } catch (err) {
        processLedger(inputs.region).release(assigned.balancerName, ledgerRules);
        throw err;
    }
}

/** A choice, and the rules it added to this process's ledger (to give back if the create fails after all). */
export type Chosen = Assigned & { ledgerRules: number | Usage };

async function choose(inputs: AssignmentInputs, id: string): Promise<Chosen> {
    const aws: AwsCallOptions = { region: inputs.region };
    const warnings: string[] = [];
    if (inputs.pinnedBalancer !== undefined) {
        return assignPinnedReserved(inputs, id);
    }
    if (inputs.ingressRef !== undefined) {
        const ingress = await readIngressBalancer(inputs.ingressRef);
        const where = `Ingress ${inputs.ingressRef.namespace}/${inputs.ingressRef.name}`;
        if (ingress.found && ingress.balancerName) {
            // Refused, not skipped: placing anew would take the same Ingress over and re-group it all the same.
            const refusal = groupAdoptionRefusal(inputs.ingressRef, ingress.balancerName, ingress.groupName);
            if (refusal !== undefined) {
                throw new Error(refusal);
            }
            const from = `the load-balancer-name annotation of ${where}`;
            const adopted = await adoptable(inputs, ingress.balancerName, from);
            if (typeof adopted !== "string") {
                return adopt(inputs, adopted, "adopted-ingress", from, warnings, ingress);
            }
            warnings.push(adopted);
        } else {
            warnings.push(
                ingress.found
                    ? `${where} exists but has no alb.ingress.kubernetes.io/load-balancer-name annotation; it was not used to adopt an ALB.`
                    : `${where} does not exist; nothing to adopt from the cluster.`,
            );
        }
    }
    if (inputs.domain !== undefined && inputs.hostedZoneId !== undefined) {
        const record = await existingRecord(inputs.hostedZoneId, inputs.domain, aws);
        if (record?.setIdentifier !== undefined) {
            // Refused, and the create fails: adopting would guess one member's ALB, and placing anew would
            // store an ALB chosen blind to where the scope runs, whose simple record Route53 then refuses
            // beside the set, and a stored choice is never revisited (only pinnedBalancer moves it). A failed
            // create stores nothing, so the next run, after the user named the ALB, starts clean.
            throw new Error(
                `domain: the A record of ${inputs.domain} in zone ${inputs.hostedZoneId} is a routing-policy record set ` +
                    `(SetIdentifier "${record.setIdentifier}"; weighted, latency, failover, geolocation or multivalue), not a simple alias: its members may ` +
                    "point at different ALBs, so the scope's ALB cannot be read from it, and this scope's simple alias record cannot replace the set. " +
                    "Name the ALB instead: set ingressRef to the scope's running Ingress, or pinnedBalancer to the ALB it should run on; " +
                    "and replace the set with one simple alias record (or set dnsRecords: false and keep managing the set) before the records are created.",
            );
        }
        const target = record?.aliasTarget;
        const name = target === undefined ? undefined : balancerNameFromDnsName(target);
        const from = `the Route53 alias of ${inputs.domain}`;
        const adopted =
            target === undefined
                ? undefined
                : name === undefined
                  ? `The A record of ${inputs.domain} is an alias to ${target}, which is not an ALB's DNS name; the scope was placed anew.`
                  : await adoptable(inputs, name, from, target);
        if (typeof adopted === "object") {
            const own = inputs.ownIngress;
            // The scope's own Ingress, when it exists, is what counts in the cluster; unreadable counts in the ledger (an over-count).
            const lookup =
                inputs.coordinationNamespace !== undefined && own !== undefined
                    ? await readIngressBalancer(own).catch((): IngressLookup => ({ found: false }))
                    : undefined;
            return adopt(inputs, adopted, "adopted-route53", from, warnings, lookup);
        }
        if (adopted !== undefined) {
            warnings.push(adopted);
        }
    }
    const placement = await place(inputs, id);
    let address: BalancerAddress;
    try {
        address = placement.address ?? (await addressOrFail(placement.balancerName, "the base fallback", aws));
    } catch (err) {
        // The create fails, so its reservation must not keep later scopes out.
        throw withReleaseFailure(err, await placement.release());
    }
    return {
        ...fromAddress(address),
        source: placement.grown ? "grown" : placement.reason,
        rulesAtAssignment: placement.rules ?? -1,
        warnings: [...warnings, ...placement.warnings],
        // A coordinated placement's rules are in the cluster's reservations; an uncoordinated one's are in the ledger.
        ledgerRules: inputs.coordinationNamespace === undefined ? inputs.expectedRules : 0,
    };
}

/**
 * Assigns an adopted scope's ALB. With coordination on, an adoption whose Ingress (`lookup`) is listed in the
 * ALB's group and not being deleted already counts in every stack's load through the cluster's Ingresses, so
 * its rules are not added to this process's ledger as well (they would count twice for the rest of the process).
 */
function adopt(
    inputs: AssignmentInputs,
    m: MeasuredBalancer,
    source: AssignmentSource,
    from: string,
    warnings: string[],
    lookup: IngressLookup | undefined,
): Chosen {
    const inCluster =
        inputs.coordinationNamespace !== undefined &&
        lookup?.found === true &&
        lookup.groupName === m.name &&
        !lookup.deleting;
    return {
        ...assignMeasured(inputs, m, source, from, warnings, !inCluster),
        ledgerRules: inCluster ? 0 : heldUsage(inputs),
    };
}

/**
 * Places the scope: coordinated through the cluster when `coordinationNamespace` is set (the reservation is
 * written before the create returns), otherwise against this process's ledger. Returns the placement and how to
 * give its reservation back (which resolves to why it could not, if it could not).
 */
async function place(
    inputs: AssignmentInputs,
    id: string,
): Promise<ScopePlacement & { grown?: boolean; release(): Promise<string | undefined> }> {
    const pool = poolOf(inputs);
    const limits = limitsOf(inputs);
    const measure = { region: inputs.region, assumeMissingInFlight: inputs.assumeMissingInFlight };
    // Read beside the pool's measurement (not before it), so the placement still takes three rounds.
    const quotas = quotaCheckOfInputs(inputs);
    if (inputs.coordinationNamespace !== undefined) {
        const namespace = inputs.coordinationNamespace;
        const request = { namespace, key: id, ingress: inputs.ownIngress, pool, limits, measure, quotas };
        // A pool's placement sees its grown members and grows it when full; see placeInPool.
        const placement =
            inputs.pool === undefined
                ? await placeCoordinated(request)
                : await placeInPool({ ...request, poolInput: inputs.pool });
        return {
            ...placement,
            release: () =>
                releaseReservation({ namespace, region: inputs.region, balancerName: placement.balancerName, key: id }),
        };
    }
    const { ledger, measurements } = processState(inputs.region);
    const placement = await placeScope({ pool, limits, measure, ledger, measurements, quotas });
    return {
        ...placement,
        release: async () => {
            ledger.release(placement.balancerName, placement.adding ?? inputs.expectedRules);
            return undefined;
        },
    };
}

/**
 * The running scope's ALB `name`, measured, or why it is not adopted. Gone, or a different ALB
 * than the alias `target`, means there is nothing to keep. Not an ALB (an NLB) stops the create: an
 * Ingress cannot join it, and placing the scope anew would split its DNS from its routing. The other
 * scheme means the scope's visibility changed: the assignment is being replaced and the scope's own
 * record or Ingress still names the old ALB.
 * An ALB that cannot be described stops the create: placing a running scope anew would split its DNS
 * from its routing.
 */
async function adoptable(
    inputs: AssignmentInputs,
    name: string,
    from: string,
    target?: string,
): Promise<MeasuredBalancer | string> {
    const [m] = await processState(inputs.region).measurements.measure([name], { region: inputs.region });
    if (m.kind === "failed" && !m.notFound) {
        throw new Error(
            `adoption: ALB "${name}" (from ${from}) could not be described: ${m.error}. The scope runs on it, and placing it ` +
                "anew could split its DNS from its routing; fix the cause (permissions, throttling, region) and run the deployment again.",
        );
    }
    if (m.kind !== "measured") {
        return `ALB "${name}" (from ${from}) does not exist in ${inputs.region}; the scope was placed anew.`;
    }
    if (target !== undefined && comparableDnsName(m.dnsName) !== comparableDnsName(target)) {
        return `${from} points at ${target}, not at ALB "${name}" (${m.dnsName}); the scope was placed anew.`;
    }
    if (m.type !== undefined && m.type !== "application") {
        // The scope runs behind something an Ingress cannot join; placing it anew would split its DNS from its routing.
        throw new Error(
            `adoption: "${name}" (from ${from}) is a ${m.type} load balancer, not an Application Load Balancer, so this scope's Ingress ` +
                `cannot join it. Set pinnedBalancer to an ALB of the ${inputs.visibility} pool to place the scope there instead of adopting.`,
        );
    }
    if (m.scheme !== undefined && m.scheme !== inputs.visibility) {
        return `ALB "${name}" (from ${from}) is ${m.scheme}, but this scope is ${inputs.visibility}; the scope was placed anew in the ${inputs.visibility} pool.`;
    }
    return m;
}

async function existingRecord(
    hostedZoneId: string,
    domain: string,
    aws: AwsCallOptions,
): Promise<ExistingRecord | undefined> {
    try {
        return await findRecord(hostedZoneId, domain, "A", aws);
    } catch (err) {
        // Placing a scope that already runs elsewhere would split its DNS from its routing: stop instead.
        throw new Error(
            `domain: looking up the existing Route53 record of ${domain} in zone ${hostedZoneId} failed: ${errorText(err)}. ` +
                `${route53LookupAdvice(err, hostedZoneId)} and run the deployment again.`,
            { cause: err },
        );
    }
}

/**
 * Assigns the pinned ALB ({@link assignPinned}) and holds its rules: with coordination on, as a reservation in
 * the cluster written as the last step (so other stacks count the pin before its Ingress exists, and a refused
 * pin reserves nothing), otherwise in this process's ledger. `id` is the reservation's key.
 */
export async function assignPinnedReserved(inputs: AssignmentInputs, id: string): Promise<Chosen> {
    const namespace = inputs.coordinationNamespace;
    if (namespace === undefined) {
        return { ...(await assignPinned(inputs)), ledgerRules: heldUsage(inputs) };
    }
    const assigned = await assignPinned(inputs, {}, false);
    await reserveNamed({
        namespace,
        region: inputs.region,
        balancerName: assigned.balancerName,
        key: id,
        rules: inputs.expectedRules,
        usage: heldUsage(inputs),
        ingress: inputs.ownIngress,
    });
    return { ...assigned, ledgerRules: 0 };
}

/**
 * Assigns the pinned ALB, which must exist (its address builds the alias), be an ALB (an Ingress cannot
 * join an NLB) and have the scope's scheme: the Ingress's scheme comes from visibility, and on an ALB of
 * the other scheme the controller would replace the ALB. Its state matters too, since a pin moves (or
 * places) the scope's traffic there: a `failed` ALB is refused, as it will never serve; a `provisioning` one
 * is waited for (bounded by `arrival`) until it is active, so DNS is not moved to an ALB that does not serve
 * yet; an `active_impaired` one serves, and is used with a warning (an operator's pin is a fact, not a hint).
 * Its rules go into this process's ledger unless `record` is false (a coordinated pin reserves in the cluster).
 */
export async function assignPinned(
    inputs: AssignmentInputs,
    arrival: ArrivalOptions = {},
    record = true,
): Promise<Assigned> {
    const name = inputs.pinnedBalancer!;
    const [m] = await processState(inputs.region).measurements.measure([name], { region: inputs.region });
    if (m.kind !== "measured") {
        throw new Error(
            `pinnedBalancer: ALB "${name}" (from pinnedBalancer) cannot be used: ${m.kind === "failed" ? m.error : "it does not exist"}. ` +
                "Its DNS name and hosted zone id are needed for the Route53 alias; check the name and the region " +
                inputs.region +
                ".",
        );
    }
    if (m.type !== undefined && m.type !== "application") {
        throw new Error(
            `pinnedBalancer: "${name}" is a ${m.type} load balancer, not an Application Load Balancer; an Ingress can only be served by an ALB. ` +
                `Pin an ALB of the ${inputs.visibility} pool (${poolOf(inputs).candidates.join(", ")}) instead.`,
        );
    }
    if (m.scheme !== undefined && m.scheme !== inputs.visibility) {
        throw new Error(
            `pinnedBalancer: ALB "${name}" is ${m.scheme}, but this scope's visibility is ${inputs.visibility}; ` +
                `pin an ${inputs.visibility} ALB, or change visibility (which places the scope anew in that pool).`,
        );
    }
    if (m.state === BALANCER_STATES.provisioning) {
        const arrived = await awaitActive(name, { region: inputs.region, ...arrival }).catch(err => {
            throw new Error(
                `pinnedBalancer: ALB "${name}" is provisioning, and waiting for it to be active failed: ${errorText(err)}. ` +
                    "Check elasticloadbalancing:DescribeLoadBalancers permission and the region, and run the deployment again.",
            );
        });
        if (!arrived.active) {
            throw new Error(
                renderProblem(
                    arrived.state === BALANCER_STATES.failed
                        ? failedPin(inputs, name, arrived.reason)
                        : {
                              field: "pinnedBalancer",
                              value: name,
                              rule:
                                  `names an ALB whose state was still ${arrived.state ?? "missing"}${stateReasonText(arrived.reason)} after ${arrived.timeoutSeconds} s, not active, ` +
                                  "and the scope is not moved to an ALB that does not serve yet",
                              fix: `wait until it is active and run the deployment again, or pin an active ALB of the ${inputs.visibility} pool (${poolOf(inputs).candidates.join(", ")})`,
                          },
                ),
            );
        }
        return assignMeasured(
            inputs,
            { ...m, ...arrived.address, state: BALANCER_STATES.active },
            "pinned",
            "pinnedBalancer",
            [],
            record,
        );
    }
    if (m.state === BALANCER_STATES.failed) {
        throw new Error(renderProblem(failedPin(inputs, name, m.stateReason)));
    }
    const notes =
        m.state !== undefined && m.state !== BALANCER_STATES.active
            ? [
                  `ALB "${name}" (from pinnedBalancer) is ${m.state}${stateReasonText(m.stateReason)}, not active; the scope is pinned to it anyway, as asked, ` +
                      "though the placement policy would put no new scope there.",
              ]
            : [];
    return assignMeasured(inputs, m, "pinned", "pinnedBalancer", notes, record);
}

/**
 * The refusal of a pin to a `failed` ALB: unlike an adoption, a pin moves (or places) the scope there, and a
 * failed ALB will never serve it.
 */
function failedPin(inputs: AssignmentInputs, name: string, reason: string | undefined): Problem {
    return {
        field: "pinnedBalancer",
        value: name,
        rule: `names an ALB whose state is failed${stateReasonText(reason)}: AWS could not set it up, and it will never serve the scope`,
        fix: `pin an active ALB of the ${inputs.visibility} pool (${poolOf(inputs).candidates.join(", ")}), or replace the ALB and pin it once it is active`,
    };
}

/**
 * The warning for adopting an ALB that is not `active`. The scope runs there already, so it is adopted all
 * the same: refusing would stop the deployment without helping the scope, and placing it anew would split its
 * DNS from its routing. The warning says what the state means for the scope and how to move it.
 */
function adoptionStateWarning(m: MeasuredBalancer, from: string): string | undefined {
    if (m.state === undefined || m.state === BALANCER_STATES.active) {
        return undefined;
    }
    const meaning =
        m.state === BALANCER_STATES.provisioning
            ? "it serves the scope once it is active"
            : m.state === BALANCER_STATES.impaired
              ? "it routes traffic but lacks the resources to scale"
              : m.state === BALANCER_STATES.failed
                ? "AWS could not set it up, so it does not serve the scope; replace it"
                : "it may not serve the scope";
    return (
        `ALB "${m.name}" (from ${from}) is ${m.state}${stateReasonText(m.stateReason)}, not active: ${meaning}. It was adopted anyway, because the scope ` +
        "runs on it and placing it anew would split its DNS from its routing; to move the scope, set pinnedBalancer to an active ALB of the pool."
    );
}

/**
 * Assigns an ALB that was named rather than chosen (pin or adoption), with a warning when it is outside
 * the pool or over the threshold counting this deployment's reservations (it is used anyway: an operator's
 * pin and a running scope's ALB are facts, not suggestions). Its rules count in the ledger unless `record` is
 * false (an adoption the cluster's Ingresses count already).
 */
function assignMeasured(
    inputs: AssignmentInputs,
    m: MeasuredBalancer,
    source: AssignmentSource,
    from: string,
    warnings: string[],
    record = true,
): Assigned {
    const notes = [...warnings];
    const state = source.startsWith("adopted-") ? adoptionStateWarning(m, from) : undefined;
    if (state !== undefined) {
        notes.push(state);
    }
    if (!poolOf(inputs).candidates.includes(m.name)) {
        notes.push(
            `ALB "${m.name}" (from ${from}) is not in the ${inputs.visibility} pool; the scope is assigned to it anyway.`,
        );
    }
    // What this deployment already placed there counts, as it does for placement.
    const ledger = processLedger(inputs.region);
    const reserved = ledger.reservedOn(m.name);
    const rules = m.rules + reserved;
    if (!hasRoom(rules, limitsOf(inputs))) {
        const counted =
            reserved === 0
                ? `${rules} rules`
                : `${rules} rules (${m.rules} measured, ${reserved} placed earlier in this deployment)`;
        notes.push(
            `ALB "${m.name}" (from ${from}) has ${counted}; with this scope's ${inputs.expectedRules} it passes maxRules ${limitsOf(inputs).maxRules}.`,
        );
    }
    if (record) {
        ledger.record(m.name, heldUsage(inputs));
    }
    return { ...fromAddress(m), source, rulesAtAssignment: rules, warnings: notes };
}

async function addressOrFail(name: string, why: string, aws: AwsCallOptions): Promise<BalancerAddress> {
    let failure = "it does not exist";
    try {
        const address = await describeBalancerAddress(name, aws);
        if (address) {
            return address;
        }
    } catch (err) {
        failure = errorText(err);
    }
    throw new Error(
        `ALB "${name}" (${why}) cannot be described: ${failure}. The Route53 alias needs its DNS name and hosted zone id; ` +
            "check the ALB name, the region and elasticloadbalancing:DescribeLoadBalancers permission.",
    );
}

function fromAddress(
    address: BalancerAddress,
): Pick<Assigned, "balancerName" | "dnsName" | "canonicalHostedZoneId" | "loadBalancerArn"> {
    return {
        balancerName: address.name,
        dnsName: address.dnsName,
        canonicalHostedZoneId: address.canonicalHostedZoneId,
        loadBalancerArn: address.arn,
    };
}
