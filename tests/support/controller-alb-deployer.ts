/** The AWS side of the controller stand-in: a group's listener rules and target groups in moto, found again by their tags. */
import { ACMClient, RequestCertificateCommand } from "@aws-sdk/client-acm";
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
    CreateListenerCommand,
    CreateLoadBalancerCommand,
    CreateRuleCommand,
    CreateTargetGroupCommand,
    DeleteRuleCommand,
    DeleteTargetGroupCommand,
    DescribeListenersCommand,
    DescribeLoadBalancersCommand,
    DescribeRulesCommand,
    DescribeTagsCommand,
    DescribeTargetGroupsCommand,
    ElasticLoadBalancingV2Client,
    LoadBalancer,
    Rule,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { DesiredRule } from "./controller-rule-model";

const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
const STACK_TAG = "ingress.k8s.aws/stack";
const RESOURCE_TAG = "ingress.k8s.aws/resource";

/**
 * Brings one Ingress group's rules and target groups in moto to what is desired, tagging them as the controller
 * does (`elbv2.k8s.aws/cluster`, `ingress.k8s.aws/stack`, `ingress.k8s.aws/resource`) so it finds its own on any
 * ALB. Rules already there are kept (matched by listener, conditions and target), new ones are created before
 * stale ones are deleted, so a host served before a change is served throughout it.
 */
export class AlbRuleDeployer {
    private readonly elb: ElasticLoadBalancingV2Client;
    private network?: Promise<{ subnets: string[]; certificateArn: string }>;

    constructor(
        private readonly motoUrl: string,
        private readonly cluster: string,
    ) {
        this.elb = new ElasticLoadBalancingV2Client({ endpoint: motoUrl, region: "us-east-1" });
    }

    /** Creates missing target groups and rules, then deletes this group's rules and target groups no longer wanted. */
    async deploy(
        group: string,
        balancer: LoadBalancer | undefined,
        listeners: { arn: string; port: number }[],
        desired: DesiredRule[],
    ): Promise<void> {
        const owned = await this.ownedRules(group);
        const keep = new Set<string>();
        const targetGroups = new Map<string, string>();
        for (const rule of desired) {
            const listener = listeners.find(l => l.port === rule.port)!;
            const tgArn =
                targetGroups.get(rule.targetGroup.name) ?? (await this.ensureTargetGroup(group, balancer!, rule));
            targetGroups.set(rule.targetGroup.name, tgArn);
            const key = ruleKey(listener.arn, rule.hostValues, rule.pathValues, tgArn);
            const existing = owned.find(o => o.key === key && !keep.has(o.arn));
            if (existing) {
                keep.add(existing.arn);
                continue;
            }
            const rules = (await this.elb.send(new DescribeRulesCommand({ ListenerArn: listener.arn }))).Rules ?? [];
            const priority =
                Math.max(0, ...rules.filter(r => r.Priority !== "default").map(r => Number(r.Priority))) + 1;
            const conditions = [
                ...(rule.hostValues.length > 0
                    ? [{ Field: "host-header", HostHeaderConfig: { Values: rule.hostValues } }]
                    : []),
                ...(rule.pathValues.length > 0
                    ? [{ Field: "path-pattern", PathPatternConfig: { Values: rule.pathValues } }]
                    : []),
            ];
            const created = await this.elb.send(
                new CreateRuleCommand({
                    ListenerArn: listener.arn,
                    Priority: priority,
                    Conditions: conditions,
                    Actions: [{ Type: "forward", TargetGroupArn: tgArn }],
                    Tags: this.tags(group, `${rule.port}:${priority}`),
                }),
            );
            keep.add(created.Rules![0].RuleArn!);
        }
        for (const o of owned.filter(o => !keep.has(o.arn))) {
            await this.elb.send(new DeleteRuleCommand({ RuleArn: o.arn }));
        }
        const wantedTargetGroups = new Set(targetGroups.values());
        for (const arn of await this.ownedTargetGroups(group)) {
            if (!wantedTargetGroups.has(arn)) {
                await this.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
            }
        }
    }

    private async ensureTargetGroup(group: string, balancer: LoadBalancer, rule: DesiredRule): Promise<string> {
        const tg = rule.targetGroup;
        try {
            return (await this.elb.send(new DescribeTargetGroupsCommand({ Names: [tg.name] }))).TargetGroups![0]
                .TargetGroupArn!;
        } catch (err) {
            if ((err as { name?: string }).name !== "TargetGroupNotFoundException") {
                throw err;
            }
        }
        return (
            await this.elb.send(
                new CreateTargetGroupCommand({
                    Name: tg.name,
                    Protocol: "HTTP",
                    Port: tg.port,
                    VpcId: balancer.VpcId,
                    TargetType: tg.targetType,
                    Tags: this.tags(group, tg.backend),
                }),
            )
        ).TargetGroups![0].TargetGroupArn!;
    }

    private tags(group: string, resource: string) {
        return [
            { Key: CLUSTER_TAG, Value: this.cluster },
            { Key: STACK_TAG, Value: group.replace(/^explicit\//, "").replace(/^implicit\//, "") },
            { Key: RESOURCE_TAG, Value: resource },
        ];
    }

    private async isOwned(group: string, arns: string[]): Promise<Set<string>> {
        const stack = this.tags(group, "")[1].Value;
        const owned = new Set<string>();
        for (let i = 0; i < arns.length; i += 20) {
            const described = await this.elb.send(new DescribeTagsCommand({ ResourceArns: arns.slice(i, i + 20) }));
            for (const d of described.TagDescriptions ?? []) {
                const tags = new Map((d.Tags ?? []).map(t => [t.Key, t.Value]));
                if (tags.get(CLUSTER_TAG) === this.cluster && tags.get(STACK_TAG) === stack) {
                    owned.add(d.ResourceArn!);
                }
            }
        }
        return owned;
    }

    /** This group's rules on every ALB, with their content key. */
    private async ownedRules(group: string): Promise<{ arn: string; key: string }[]> {
        const all: { arn: string; key: string }[] = [];
        for (const lb of await this.balancers()) {
            for (const l of await this.listeners(lb)) {
                const rules: Rule[] =
                    (await this.elb.send(new DescribeRulesCommand({ ListenerArn: l.arn }))).Rules ?? [];
                for (const r of rules.filter(r => !r.IsDefault && r.Priority !== "default")) {
                    const values = (field: string) => {
                        const c = r.Conditions?.find(c => c.Field === field);
                        return c?.HostHeaderConfig?.Values ?? c?.PathPatternConfig?.Values ?? c?.Values ?? [];
                    };
                    all.push({
                        arn: r.RuleArn!,
                        key: ruleKey(
                            l.arn,
                            values("host-header"),
                            values("path-pattern"),
                            r.Actions?.[0]?.TargetGroupArn ?? "",
                        ),
                    });
                }
            }
        }
        const owned = await this.isOwned(
            group,
            all.map(r => r.arn),
        );
        return all.filter(r => owned.has(r.arn));
    }

    private async ownedTargetGroups(group: string): Promise<string[]> {
        const arns = ((await this.elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []).map(
            t => t.TargetGroupArn!,
        );
        return [...(await this.isOwned(group, arns))];
    }

    private async balancers(): Promise<LoadBalancer[]> {
        const all: LoadBalancer[] = [];
        let marker: string | undefined;
        do {
            const page = await this.elb.send(new DescribeLoadBalancersCommand({ Marker: marker }));
            all.push(...(page.LoadBalancers ?? []));
            marker = page.NextMarker;
        } while (marker);
        return all;
    }

    /**
     * Creates the ALB of a group that has none, as the controller does for a new group: named `name`, of `scheme`,
     * with one listener per listen port (HTTPS with `certificateArn`, or a certificate of its own), default action
     * a fixed 404, tagged with the cluster, the group (`ingress.k8s.aws/stack`) and `ingress.k8s.aws/resource: LoadBalancer`.
     */
    async createBalancer(
        group: string,
        name: string,
        scheme: string,
        ports: ReadonlyMap<number, "HTTP" | "HTTPS">,
        certificateArn?: string,
    ): Promise<LoadBalancer> {
        const net = await this.networkOnce();
        const lb = (
            await this.elb.send(
                new CreateLoadBalancerCommand({
                    Name: name,
                    Subnets: net.subnets,
                    Scheme: scheme as "internet-facing" | "internal",
                    Type: "application",
                    Tags: this.tags(group, "LoadBalancer"),
                }),
            )
        ).LoadBalancers![0];
        for (const [port, protocol] of [...ports].sort(([a], [b]) => a - b)) {
            await this.elb.send(
                new CreateListenerCommand({
                    LoadBalancerArn: lb.LoadBalancerArn,
                    Port: port,
                    Protocol: protocol,
                    Certificates:
                        protocol === "HTTPS" ? [{ CertificateArn: certificateArn ?? net.certificateArn }] : undefined,
                    DefaultActions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "404" } }],
                    Tags: this.tags(group, `${port}`),
                }),
            );
        }
        return lb;
    }

    /** A VPC with two subnets and a certificate of the stand-in's own, made once (moto has none until asked). */
    private networkOnce() {
        this.network ??= (async () => {
            const url = this.motoUrl;
            const ec2 = new EC2Client({ endpoint: url, region: "us-east-1" });
            const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc!.VpcId!;
            const subnets: string[] = [];
            for (const [i, az] of ["us-east-1a", "us-east-1b"].entries()) {
                subnets.push(
                    (
                        await ec2.send(
                            new CreateSubnetCommand({
                                VpcId: vpcId,
                                CidrBlock: `10.1.${i}.0/24`,
                                AvailabilityZone: az,
                            }),
                        )
                    ).Subnet!.SubnetId!,
                );
            }
            const acm = new ACMClient({ endpoint: url, region: "us-east-1" });
            const certificateArn = (
                await acm.send(new RequestCertificateCommand({ DomainName: "*.controller.example.com" }))
            ).CertificateArn!;
            return { subnets, certificateArn };
        })();
        this.network.catch(() => (this.network = undefined));
        return this.network;
    }

    async balancerNamed(name: string): Promise<LoadBalancer | undefined> {
        return (await this.balancers()).find(lb => lb.LoadBalancerName === name);
    }

    async listeners(lb: LoadBalancer): Promise<{ arn: string; port: number; protocol: string }[]> {
        const listeners =
            (await this.elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners ??
            [];
        return listeners.map(l => ({ arn: l.ListenerArn!, port: l.Port!, protocol: l.Protocol! }));
    }
}

function ruleKey(listenerArn: string, hosts: string[], paths: string[], targetGroupArn: string): string {
    return JSON.stringify([listenerArn, [...hosts].sort(), [...paths].sort(), targetGroupArn]);
}
