/** Creates ALBs (or other load balancers) with listeners and rules in moto for the integration tests. */
import { ACMClient, RequestCertificateCommand } from "@aws-sdk/client-acm";
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
    AddListenerCertificatesCommand,
    CreateListenerCommand,
    CreateLoadBalancerCommand,
    CreateRuleCommand,
    CreateTargetGroupCommand,
    DeleteLoadBalancerCommand,
    ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";

/** A listener to create, with how many non-default rules to put on it. */
export interface ListenerSpec {
    port: number;
    rules: number;
}

/** A load balancer to create in moto: an ALB unless `type` says otherwise. */
export interface BalancerSpec {
    name: string;
    scheme?: "internet-facing" | "internal";
    /** Default `application`; a `network` load balancer gets no listeners unless `listeners` names some (TCP). */
    type?: "application" | "network";
    /** Default: HTTP 80 and HTTPS 443 with no rules, as the Load Balancer Controller sets them up. */
    listeners?: ListenerSpec[];
    /** Tags set at creation, e.g. the controller's `ingress.k8s.aws/stack`. Default none. */
    tags?: Record<string, string>;
}

/** A created ALB. */
export interface CreatedBalancer {
    name: string;
    arn: string;
    dnsName: string;
    canonicalHostedZoneId: string;
    listenerArns: string[];
}

/**
 * Creates ALBs, listeners and rules in moto through the real SDK, talking to moto directly (never through
 * the fault proxy, so fixtures do not count as requests of the code under test).
 */
export class AlbFixtures {
    private readonly elb: ElasticLoadBalancingV2Client;
    private network?: Promise<{ vpcId: string; subnets: string[]; certificateArn: string; targetGroupArn: string }>;

    constructor(private readonly motoUrl: string) {
        this.elb = new ElasticLoadBalancingV2Client({ endpoint: motoUrl, region: "us-east-1" });
    }

    /** Creates an ALB with its listeners and `rules` non-default rules per listener. */
    async createBalancer(spec: BalancerSpec): Promise<CreatedBalancer> {
        const net = await this.networkOnce();
        const lb = (
            await this.elb.send(
                new CreateLoadBalancerCommand({
                    Name: spec.name,
                    Subnets: net.subnets,
                    Scheme: spec.scheme ?? "internet-facing",
                    Type: spec.type ?? "application",
                    Tags: spec.tags && Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })),
                }),
            )
        ).LoadBalancers![0];
        const listenerArns: string[] = [];
        const network = spec.type === "network";
        for (const l of spec.listeners ??
            (network
                ? []
                : [
                      { port: 80, rules: 0 },
                      { port: 443, rules: 0 },
                  ])) {
            const https = l.port === 443 && !network;
            const listener = (
                await this.elb.send(
                    new CreateListenerCommand({
                        LoadBalancerArn: lb.LoadBalancerArn,
                        Port: l.port,
                        Protocol: network ? "TCP" : https ? "HTTPS" : "HTTP",
                        Certificates: https ? [{ CertificateArn: net.certificateArn }] : undefined,
                        DefaultActions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "404" } }],
                    }),
                )
            ).Listeners![0];
            listenerArns.push(listener.ListenerArn!);
            await this.addRules(listener.ListenerArn!, l.rules);
        }
        return {
            name: spec.name,
            arn: lb.LoadBalancerArn!,
            dnsName: lb.DNSName!,
            canonicalHostedZoneId: lb.CanonicalHostedZoneId!,
            listenerArns,
        };
    }

    /** Adds `count` path rules to a listener, after any it already has. */
    async addRules(listenerArn: string, count: number, firstPriority = 1): Promise<void> {
        const net = await this.networkOnce();
        for (let i = 0; i < count; i++) {
            const priority = firstPriority + i;
            await this.elb.send(
                new CreateRuleCommand({
                    ListenerArn: listenerArn,
                    Priority: priority,
                    Conditions: [{ Field: "path-pattern", Values: [`/scope-${priority}/*`] }],
                    Actions: [{ Type: "forward", TargetGroupArn: net.targetGroupArn }],
                }),
            );
        }
    }

    /**
     * Puts `count` target groups of its own behind a listener, five per rule (a weighted forward, the most AWS allows
     * per action), so an ALB can carry many target groups with few rules. Returns the rules added.
     */
    async addTargetGroups(listenerArn: string, count: number, firstPriority = 1000): Promise<number> {
        const net = await this.networkOnce();
        const arns: string[] = [];
        for (let i = 0; i < count; i++) {
            const created = await this.elb.send(
                new CreateTargetGroupCommand({
                    Name: `tg-${firstPriority}-${i}`,
                    VpcId: net.vpcId,
                    Protocol: "HTTP",
                    Port: 8080,
                    TargetType: "ip",
                }),
            );
            arns.push(created.TargetGroups![0].TargetGroupArn!);
        }
        let rules = 0;
        for (let i = 0; i < arns.length; i += 5) {
            await this.elb.send(
                new CreateRuleCommand({
                    ListenerArn: listenerArn,
                    Priority: firstPriority + rules,
                    Conditions: [{ Field: "path-pattern", Values: [`/groups-${firstPriority + rules}/*`] }],
                    Actions: [
                        {
                            Type: "forward",
                            ForwardConfig: {
                                TargetGroups: arns
                                    .slice(i, i + 5)
                                    .map(TargetGroupArn => ({ TargetGroupArn, Weight: 1 })),
                            },
                        },
                    ],
                }),
            );
            rules++;
        }
        return rules;
    }

    /** Requests an ACM certificate for `domain` (and `alternatives`); moto issues it at once in these tests. */
    async createCertificate(domain: string, alternatives: string[] = []): Promise<string> {
        const acm = new ACMClient({ endpoint: this.motoUrl, region: "us-east-1" });
        const out = await acm.send(
            new RequestCertificateCommand({
                DomainName: domain,
                ...(alternatives.length > 0 && { SubjectAlternativeNames: [domain, ...alternatives] }),
            }),
        );
        return out.CertificateArn!;
    }

    /** Adds certificates (not default) to an HTTPS listener. */
    async addListenerCertificates(listenerArn: string, arns: string[]): Promise<void> {
        await this.elb.send(
            new AddListenerCertificatesCommand({
                ListenerArn: listenerArn,
                Certificates: arns.map(CertificateArn => ({ CertificateArn })),
            }),
        );
    }

    async deleteBalancer(arn: string): Promise<void> {
        await this.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
    }

    /** Call after a moto reset: the VPC, certificate and target group are created again on next use. */
    forgetNetwork(): void {
        this.network = undefined;
    }

    private networkOnce() {
        this.network ??= (async () => {
            const ec2 = new EC2Client({ endpoint: this.motoUrl, region: "us-east-1" });
            const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
            const subnets = [];
            for (const [i, az] of ["us-east-1a", "us-east-1b"].entries()) {
                subnets.push(
                    (
                        await ec2.send(
                            new CreateSubnetCommand({
                                VpcId: vpcId,
                                CidrBlock: `10.0.${i}.0/24`,
                                AvailabilityZone: az,
                            }),
                        )
                    ).Subnet!.SubnetId!,
                );
            }
            const acm = new ACMClient({ endpoint: this.motoUrl, region: "us-east-1" });
            const certificateArn = (await acm.send(new RequestCertificateCommand({ DomainName: "*.apps.example.com" })))
                .CertificateArn!;
            const targetGroupArn = (
                await this.elb.send(
                    new CreateTargetGroupCommand({
                        Name: "scopes",
                        VpcId: vpcId,
                        Protocol: "HTTP",
                        Port: 8080,
                        TargetType: "ip",
                    }),
                )
            ).TargetGroups![0].TargetGroupArn!;
            return { vpcId, subnets, certificateArn, targetGroupArn };
        })();
        return this.network;
    }
}
