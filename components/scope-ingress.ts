/** The `ScopeIngress` component: one assignment, the Route53 aliases and the Ingress, all from the one stored ALB. */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { poolDepartureWarning } from "../core/candidate-pool";
import { STACK_CONFIG_NAMESPACE, namespaceKeys } from "../core/stack-config-keys";
import { defaultRegion, explicitProviderRegion, resolveRegion } from "./aws-region";
import { BalancerAssignment } from "./balancer-assignment";
import { checkedHostedZoneId } from "./hosted-zone-check";
import { ReconciliationCheck } from "./reconciliation-check";
import { ScopeMove, TransitCleanup } from "./scope-move";
import { ruleCarryingPorts } from "../core/served-routes";
import { buildIngressManifest } from "./ingress-manifest";
import { ScopeIngressArgs, resolveScopeIngressArgs } from "./scope-ingress-args";
import { ScopeCapacityCheck } from "./scope-capacity-check";
import { programUsage } from "../core/scope-growth";

/**
 * One application scope on a pool of ALBs: a `BalancerAssignment` that chooses the scope's ALB once and
 * keeps it, then a Route53 alias per hostname and a Kubernetes Ingress, both built from that one stored
 * choice so that DNS and routing always point at the same ALB.
 */
export class ScopeIngress extends pulumi.ComponentResource {
    /** The ALB this scope lives on. */
    public readonly balancerName: pulumi.Output<string>;
    /** The ALB's DNS name, the target of every alias. */
    public readonly dnsName: pulumi.Output<string>;
    /** The stored choice of ALB. */
    public readonly assignment: BalancerAssignment;
    /** The A alias of each hostname, each followed by its AAAA alias when dual-stack; none when `dnsRecords` is false. */
    public readonly records: aws.route53.Record[];
    /** The scope's Ingress. */
    public readonly ingress: k8s.networking.v1.Ingress;
    /** The growth check the Ingress waits for: a live scope's growth must fit on its ALB before the Ingress changes. */
    public readonly capacityCheck: ScopeCapacityCheck;
    /** The wait until the ALB routes every hostname and path, which the records depend on; none with `reconciliation.wait: false`. */
    public readonly reconciliation?: ReconciliationCheck;
    /** Where the scope's Ingress belongs, and the make-before-break move to another ALB (see README, "Moving a scope"). */
    public readonly move: ScopeMove;
    /** The removal of a move's transit Ingress, after the Ingress and the reconciliation check (not the records: the move switched the aliases already). */
    public readonly transitCleanup: TransitCleanup;

    constructor(name: string, args: ScopeIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything is checked before super(): a failed check registers nothing, not even the component.
        const stackConfig = new pulumi.Config(STACK_CONFIG_NAMESPACE);
        const configuredRegion = new pulumi.Config("aws").get("region");
        const providerRegion = explicitProviderRegion(opts);
        const { pool, ingress, expectedRules, coordinationNamespace, scopePool, scopeShape, reconciliation, move } =
            resolveScopeIngressArgs(name, args, key => stackConfig.get(key), {
                configKeys: namespaceKeys(Object.keys(pulumi.runtime.allConfig())),
                regionFound: providerRegion !== undefined || defaultRegion(configuredRegion, process.env) !== undefined,
            });
        const fallbackRegion = () => resolveRegion(configuredRegion, process.env);
        // A pool's members are in its region: that is the default, before the stack's.
        const region =
            args.region ?? scopePool?.region ?? providerRegion?.apply(r => r ?? fallbackRegion()) ?? fallbackRegion();
        super("scope-ingress:index:ScopeIngress", name, {}, opts);
        const recordedHosts = args.dnsRecords === false ? [] : ingress.hosts;
        const recordTypes = args.dualStack ? ["A", "AAAA"] : ["A"];

        this.assignment = new BalancerAssignment(
            `${name}-assignment`,
            {
                region,
                visibility: pool.visibility,
                baseBalancer: pool.base,
                additionalBalancers: pool.candidates.slice(1),
                maxRules: args.balancers?.maxRules,
                maxTargetGroups: args.balancers?.maxTargetGroups,
                maxCertificates: args.balancers?.maxCertificates,
                maxListeners: args.balancers?.maxListeners,
                scopeShape,
                strict: args.balancers?.strict,
                assumeMissingInFlight: args.balancers?.assumeMissingInFlight,
                expectedRules,
                domain: args.domain,
                hostedZoneId: args.hostedZoneId,
                ingressRef: args.ingressRef,
                pinnedBalancer: args.pinnedBalancer,
                // Only with a pool, so that assignments without one keep exactly today's inputs.
                ...(scopePool !== undefined && { pool: scopePool }),
                aliasRecords: recordedHosts.flatMap(host => recordTypes.map(type => `${type} ${host}`)),
                // Only with coordination, so that assignments without it keep exactly today's inputs.
                ...(coordinationNamespace !== undefined && {
                    coordinationNamespace,
                    ownIngress: { namespace: ingress.namespace, name: ingress.name },
                }),
            },
            { parent: this },
        );
        this.balancerName = this.assignment.balancerName;
        this.dnsName = this.assignment.dnsName;
        const aliasRecords = recordedHosts.flatMap(host => recordTypes.map(type => `${type} ${host}`));
        const alias = {
            name: args.dualStack ? pulumi.interpolate`dualstack.${this.dnsName}` : this.dnsName,
            zoneId: this.assignment.canonicalHostedZoneId,
            evaluateTargetHealth: true,
        };
        const ingressRef = { namespace: ingress.namespace, name: ingress.name };
        // What the scope uses of its ALB, as its arguments say: the growth check and a move's reservation carry it.
        const usage = programUsage(scopeShape);
        const rulePorts = ruleCarryingPorts(ingress.listenPorts, ingress.sslRedirectPort);
        const routes = {
            hosts: [...ingress.hosts],
            paths: ingress.paths.map(({ path, pathType }) => ({ path, pathType })),
        };
        // Without records no name can end up outside the zone, and the zone is not read.
        const zoneId =
            recordedHosts.length === 0
                ? args.hostedZoneId
                : checkedHostedZoneId(this, name, args.hostedZoneId, recordedHosts);

        // Its own resource, fed only from the assignment's balancerName, which the usage never changes: a growth
        // shows as this check's update in a preview, while the assignment, the records and the Ingress's ALB stay known.
        this.capacityCheck = new ScopeCapacityCheck(
            `${name}-capacity`,
            {
                region,
                balancerName: this.balancerName,
                usage,
                hosts: [...ingress.hosts],
                maxRules: args.balancers?.maxRules,
                maxTargetGroups: args.balancers?.maxTargetGroups,
                maxCertificates: args.balancers?.maxCertificates,
                maxListeners: args.balancers?.maxListeners,
                ...(coordinationNamespace !== undefined && {
                    coordinationNamespace,
                    ownIngress: { namespace: ingress.namespace, name: ingress.name },
                }),
            },
            { parent: this },
        );

        // The move's steps take the zone as given: its hostnames were checked by the records' create, and a zone check
        // failing now must stop the records, not the Ingress.
        // Make-before-break: when the assignment names another ALB, the move puts a transit Ingress there, checks
        // it, switches the aliases and drains the old ALB before servingBalancer (which the Ingress follows) changes.
        this.move = new ScopeMove(
            `${name}-move`,
            {
                region,
                targetBalancer: this.balancerName,
                targetArn: this.assignment.loadBalancerArn,
                targetAlias: { dnsName: alias.name, zoneId: alias.zoneId },
                manifest: buildIngressManifest(ingress, ""),
                ...routes,
                rulePorts,
                timeoutSeconds: reconciliation.timeoutSeconds,
                drainSeconds: move.drainSeconds,
                ...(recordedHosts.length > 0 && { hostedZoneId: args.hostedZoneId }),
                aliasRecords,
                ...(coordinationNamespace !== undefined && { coordinationNamespace }),
                expectedRules,
                usage,
            },
            { parent: this },
        );

        this.ingress = new k8s.networking.v1.Ingress(
            `${name}-ingress`,
            buildIngressManifest(ingress, this.move.servingBalancer),
            // The Ingress changes only once the growth check passed; a refused growth leaves it as it was.
            { parent: this, dependsOn: [this.capacityCheck] },
        );

        // The records wait for the check, so DNS never points at an ALB that does not route the scope. Its inputs
        // come from the assignment's outputs and the plain arguments only: the records' own values stay what they
        // were (known at preview), and only the order changes.
        this.reconciliation = reconciliation.wait
            ? new ReconciliationCheck(
                  `${name}-reconciliation`,
                  {
                      region,
                      balancerName: this.balancerName,
                      loadBalancerArn: this.assignment.loadBalancerArn,
                      ...routes,
                      rulePorts,
                      ingress: ingressRef,
                      timeoutSeconds: reconciliation.timeoutSeconds,
                  },
                  { parent: this, dependsOn: [this.ingress] },
              )
            : undefined;

        // A record may overwrite (UPSERT) an existing one only where the assignment found, at create, that
        // one already aliasing this scope's adopted ALB; any other existing record belongs to someone else
        // and must make the create fail. allowOverwrite only matters when a record is created, so its changes
        // are ignored: records stored before overwritableRecords existed keep their value without a diff on
        // every preview, and a record added later gets the safe value (not found, so no overwrite). A record
        // replaced (another hostedZoneId) carries its stored value over, as ignoreChanges does.
        const overwritable = this.assignment.overwritableRecords.apply(records => records ?? []);
        this.records = recordedHosts.flatMap(host =>
            recordTypes.map(
                type =>
                    new aws.route53.Record(
                        `${name}-${type.toLowerCase()}-${host}`,
                        {
                            zoneId,
                            name: host,
                            type,
                            aliases: [alias],
                            allowOverwrite: overwritable.apply(records => records.includes(`${type} ${host}`)),
                        },
                        {
                            parent: this,
                            ignoreChanges: ["allowOverwrite"],
                            // The growth check too: with no reconciliation wait in between, a refused growth must
                            // not write the record of a hostname the Ingress was never changed to route.
                            dependsOn: [
                                this.capacityCheck,
                                this.move,
                                ...(this.reconciliation ? [this.reconciliation] : []),
                            ],
                        },
                    ),
            ),
        );

        // After the Ingress: removes a move's transit Ingress once the scope's own Ingress serves on the new ALB (or, for a move
        // reverted midway, once the aliases are back and the old ALB drained).
        this.transitCleanup = new TransitCleanup(
            `${name}-transit-cleanup`,
            {
                region,
                servingBalancer: this.move.servingBalancer,
                servingAlias: this.move.servingAlias,
                ingress: ingressRef,
                ...(recordedHosts.length > 0 && { hostedZoneId: args.hostedZoneId }),
                aliasRecords,
                drainSeconds: move.drainSeconds,
                timeoutSeconds: reconciliation.timeoutSeconds,
                ...(coordinationNamespace !== undefined && { coordinationNamespace }),
            },
            {
                parent: this,
                // Not on the records: the move switched the aliases already and the cleanup switches them itself
                // before removing a stale transit, so a record refused (say, outside its zone) holds nothing up.
                dependsOn: [this.ingress, ...(this.reconciliation ? [this.reconciliation] : [])],
            },
        );

        pulumi.all([this.assignment.warnings, this.balancerName]).apply(([warnings, balancerName]) => {
            // The stored warnings say it too once the provider has run; at preview only this side knows.
            // A draining member is still the pool's: its scopes stay there without a warning.
            const members = { ...pool, candidates: [...pool.candidates, ...(scopePool?.draining ?? [])] };
            const departure = poolDepartureWarning(balancerName, members, args.pinnedBalancer);
            for (const warning of new Set([...warnings, ...(departure === undefined ? [] : [departure])])) {
                // Logging is fire-and-forget: the engine shows the line whether or not anyone waits for it.
                void pulumi.log.warn(warning, this);
            }
        });

        this.registerOutputs({
            balancerName: this.balancerName,
            dnsName: this.dnsName,
            assignment: this.assignment,
            records: this.records,
            ingress: this.ingress,
            capacityCheck: this.capacityCheck,
            reconciliation: this.reconciliation,
            move: this.move,
            transitCleanup: this.transitCleanup,
        });
    }
}
