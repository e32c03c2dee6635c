import { AssignmentInputs, AssignmentOutputs, AssignmentSource, SCHEMA_VERSION } from "./assignment-contract";
import { AwsCallOptions } from "./aws-clients";
import { describeBalancerAddress } from "./balancer-address";
import { BalancerAddress, errorText } from "./balancer-measurement";
import { CandidatePool } from "./candidate-pool";
import { readIngressBalancer } from "./ingress-annotation-lookup";
import { processLedger } from "./process-ledger";
import { RuleLimits } from "./rule-limits";
import { balancerNameFromDnsName, comparableDnsName, findAliasTarget } from "./route53-alias-lookup";
import { placeScope } from "./scope-placement";

/** The pool an assignment's inputs describe. */
export function poolOf(inputs: AssignmentInputs): CandidatePool {
    return { visibility: inputs.visibility, base: inputs.baseBalancer, candidates: [...new Set([inputs.baseBalancer, ...inputs.additionalBalancers])] };
}

/** The limits an assignment's inputs describe. */
export function limitsOf(inputs: AssignmentInputs): RuleLimits {
    return { maxRules: inputs.maxRules, expectedRules: inputs.expectedRules, strict: inputs.strict };
}

/** The assignment part of the outputs: which ALB, where it is, and why. */
export type Assigned = Pick<AssignmentOutputs, "balancerName" | "dnsName" | "canonicalHostedZoneId" | "loadBalancerArn" | "source" | "rulesAtAssignment" | "warnings">;

/**
 * Chooses a new scope's ALB, in the order the original deployment-time lookup used: an explicit pin,
 * then adoption of a running scope (its Ingress annotation, then its Route53 alias), then the placement
 * engine. Whatever the source, the result carries the ALB's DNS name and hosted zone id.
 */
export async function createAssignment(inputs: AssignmentInputs): Promise<AssignmentOutputs> {
    const assigned = await choose(inputs);
    return { ...inputs, ...assigned, schemaVersion: SCHEMA_VERSION };
}

async function choose(inputs: AssignmentInputs): Promise<Assigned> {
    const aws: AwsCallOptions = { region: inputs.region };
    const warnings: string[] = [];
    if (inputs.pinnedBalancer !== undefined) {
        return assignExisting(inputs, inputs.pinnedBalancer, "pinned", "pinnedBalancer", warnings);
    }
    if (inputs.ingressRef !== undefined) {
        const ingress = await readIngressBalancer(inputs.ingressRef);
        const where = `Ingress ${inputs.ingressRef.namespace}/${inputs.ingressRef.name}`;
        if (ingress.found && ingress.balancerName) {
            return assignExisting(inputs, ingress.balancerName, "adopted-ingress", `the load-balancer-name annotation of ${where}`, warnings);
        }
        warnings.push(ingress.found
            ? `${where} exists but has no alb.ingress.kubernetes.io/load-balancer-name annotation; it was not used to adopt an ALB.`
            : `${where} does not exist; nothing to adopt from the cluster.`);
    }
    if (inputs.domain !== undefined && inputs.hostedZoneId !== undefined) {
        const target = await aliasTarget(inputs.hostedZoneId, inputs.domain, aws);
        if (target !== undefined) {
            const name = balancerNameFromDnsName(target);
            const address = name === undefined ? undefined : await describeBalancerAddress(name, aws).catch(() => undefined);
            if (address && comparableDnsName(address.dnsName) === comparableDnsName(target)) {
                return assignExisting(inputs, address.name, "adopted-route53", `the Route53 alias of ${inputs.domain}`, warnings);
            }
            warnings.push(`The A record of ${inputs.domain} is an alias to ${target}, which is not an ALB in ${inputs.region}; the scope was placed anew, and its record will be replaced only if you allow it.`);
        }
    }
    const placement = await placeScope({
        pool: poolOf(inputs),
        limits: limitsOf(inputs),
        measure: { ...aws, assumeMissingInFlight: inputs.assumeMissingInFlight },
        ledger: processLedger,
    });
    const address = placement.address ?? await addressOrFail(placement.balancerName, "the base fallback", aws);
    return {
        ...fromAddress(address),
        source: placement.reason,
        rulesAtAssignment: placement.rules ?? -1,
        warnings: [...warnings, ...placement.warnings],
    };
}

async function aliasTarget(hostedZoneId: string, domain: string, aws: AwsCallOptions): Promise<string | undefined> {
    try {
        return await findAliasTarget(hostedZoneId, domain, aws);
    } catch (err) {
        // Placing a scope that already runs elsewhere would split its DNS from its routing: stop instead.
        throw new Error(`domain: looking up the existing Route53 record of ${domain} in zone ${hostedZoneId} failed: ${errorText(err)}. ` +
            "Grant route53:ListResourceRecordSets on the zone (needed to adopt existing scopes) and run the deployment again.");
    }
}

/**
 * Assigns an ALB that was named rather than chosen (pin or adoption): measured once for its address and
 * its load, with a warning when it is outside the pool or over the threshold (it is used anyway: an
 * operator's pin and a running scope's ALB are facts, not suggestions). Its rules count in the ledger.
 */
export async function assignExisting(inputs: AssignmentInputs, name: string, source: AssignmentSource, from: string, warnings: string[]): Promise<Assigned> {
    const [m] = await processLedger.measure([name], { region: inputs.region });
    if (m.kind !== "measured") {
        throw new Error(`${source === "pinned" ? "pinnedBalancer" : "adoption"}: ALB "${name}" (from ${from}) cannot be used: ${m.kind === "failed" ? m.error : "it does not exist"}. ` +
            "Its DNS name and hosted zone id are needed for the Route53 alias; check the name and the region " + inputs.region + ".");
    }
    const notes = [...warnings];
    if (!poolOf(inputs).candidates.includes(name)) {
        notes.push(`ALB "${name}" (from ${from}) is not in the ${inputs.visibility} pool; the scope is assigned to it anyway.`);
    }
    if (m.rules + inputs.expectedRules > inputs.maxRules) {
        notes.push(`ALB "${name}" (from ${from}) has ${m.rules} rules; with this scope's ${inputs.expectedRules} it passes maxRules ${inputs.maxRules}.`);
    }
    processLedger.record(name, inputs.expectedRules);
    return { ...fromAddress(m), source, rulesAtAssignment: m.rules, warnings: notes };
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
    throw new Error(`ALB "${name}" (${why}) cannot be described: ${failure}. The Route53 alias needs its DNS name and hosted zone id; ` +
        "check the ALB name, the region and elasticloadbalancing:DescribeLoadBalancers permission.");
}

function fromAddress(address: BalancerAddress): Pick<Assigned, "balancerName" | "dnsName" | "canonicalHostedZoneId" | "loadBalancerArn"> {
    return { balancerName: address.name, dnsName: address.dnsName, canonicalHostedZoneId: address.canonicalHostedZoneId, loadBalancerArn: address.arn };
}
