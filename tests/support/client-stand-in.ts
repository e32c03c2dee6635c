/**
 * A client of a scope: resolves its hostname through the Route53 alias in moto, keeps the answer for a TTL as a
 * resolver does, and sends each request to the ALB it resolved, which fails it when that ALB has no listener rule
 * for the hostname at that moment (DescribeRules in moto).
 */
import {
    DescribeListenersCommand,
    DescribeLoadBalancersCommand,
    DescribeRulesCommand,
    ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";

/** Options of a {@link ClientStandIn}. */
export interface ClientStandInOptions {
    motoUrl: string;
    zoneId: string;
    hostname: string;
    /** How long a resolved alias is kept: the alias TTL, compressed. */
    ttlMs: number;
    /** Pause between two requests. Default 50 ms. */
    intervalMs?: number;
    /** The listener port requests go to. Default 443. */
    port?: number;
}

/** What the client saw. */
export interface ClientTally {
    sent: number;
    failed: number;
    /** One line per failed request: when, which ALB, why. */
    failures: string[];
    /** Each ALB requests went to, in the order first used. */
    balancers: string[];
}

/** Sends requests in a loop from `start()` until `stop()`. */
export class ClientStandIn {
    private readonly elb: ElasticLoadBalancingV2Client;
    private readonly route53: Route53Client;
    private readonly tally: ClientTally = { sent: 0, failed: 0, failures: [], balancers: [] };
    private resolved?: { balancer: string; arn: string; until: number };
    private running?: Promise<void>;
    private stopping = false;

    constructor(private readonly options: ClientStandInOptions) {
        this.elb = new ElasticLoadBalancingV2Client({ endpoint: options.motoUrl, region: "us-east-1" });
        this.route53 = new Route53Client({ endpoint: options.motoUrl, region: "us-east-1" });
    }

    start(): void {
        this.running ??= this.loop();
    }

    /** Stops after the request in flight and returns the tally. */
    async stop(): Promise<ClientTally> {
        this.stopping = true;
        await this.running;
        return this.tally;
    }

    /** The tally so far. */
    get current(): ClientTally {
        return this.tally;
    }

    private async loop(): Promise<void> {
        while (!this.stopping) {
            await this.request();
            await new Promise(resolve => setTimeout(resolve, this.options.intervalMs ?? 50));
        }
    }

    private async request(): Promise<void> {
        this.tally.sent++;
        const fail = (why: string) => {
            this.tally.failed++;
            this.tally.failures.push(`${new Date().toISOString()} ${why}`);
        };
        try {
            const target = await this.resolve();
            if (!target) {
                return fail(`${this.options.hostname} does not resolve`);
            }
            if (!this.tally.balancers.includes(target.balancer)) {
                this.tally.balancers.push(target.balancer);
            }
            if (!(await this.routes(target.arn))) {
                fail(`ALB ${target.balancer} has no rule for ${this.options.hostname} (404)`);
            }
        } catch (err) {
            fail(`request failed: ${(err as Error).message}`);
        }
    }

    /** The ALB the hostname resolves to, from the cache while its TTL lasts. */
    private async resolve(): Promise<{ balancer: string; arn: string } | undefined> {
        if (this.resolved && Date.now() < this.resolved.until) {
            return this.resolved;
        }
        const sets = await this.route53.send(
            new ListResourceRecordSetsCommand({
                HostedZoneId: this.options.zoneId,
                StartRecordName: this.options.hostname,
                StartRecordType: "A",
                MaxItems: 1,
            }),
        );
        const record = (sets.ResourceRecordSets ?? []).find(
            r => r.Name?.replace(/\.$/, "") === this.options.hostname && r.Type === "A",
        );
        const aliasName = record?.AliasTarget?.DNSName?.toLowerCase()
            .replace(/\.$/, "")
            .replace(/^dualstack\./, "");
        if (!aliasName) {
            return undefined;
        }
        const balancers = (await this.elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
        const lb = balancers.find(b => b.DNSName?.toLowerCase() === aliasName);
        if (!lb) {
            return undefined;
        }
        this.resolved = {
            balancer: lb.LoadBalancerName!,
            arn: lb.LoadBalancerArn!,
            until: Date.now() + this.options.ttlMs,
        };
        return this.resolved;
    }

    /** Whether the ALB has, on the request's port, a rule whose host-header holds the hostname. */
    private async routes(arn: string): Promise<boolean> {
        const port = this.options.port ?? 443;
        const listeners = (await this.elb.send(new DescribeListenersCommand({ LoadBalancerArn: arn }))).Listeners ?? [];
        const listener = listeners.find(l => l.Port === port);
        if (!listener) {
            return false;
        }
        const rules =
            (await this.elb.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules ?? [];
        return rules.some(r =>
            (r.Conditions ?? []).some(
                c =>
                    c.Field === "host-header" &&
                    (c.HostHeaderConfig?.Values ?? c.Values ?? []).some(
                        v => v.toLowerCase() === this.options.hostname.toLowerCase(),
                    ),
            ),
        );
    }
}
