/** An HTTP proxy in front of moto that counts requests, adds latency and injects faults, and behaves as real AWS where moto does not. */
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { XMLParser } from "fast-xml-parser";

/** The most ARNs one ELBv2 DescribeTags call accepts in real AWS. */
const MAX_TAG_ARNS = 20;

/** One request as the proxy saw it. */
export interface ProxiedRequest {
    /** The query-protocol `Action` (ELBv2), or `METHOD /path` for REST APIs (Route53). */
    action: string;
    params: URLSearchParams;
    /** The access key id the request was signed with: tells apart processes given different keys. */
    caller?: string;
}

/** A fault: requests that `match` get `respond` instead of moto's answer, `times` times (default: always). */
export interface FaultRule {
    match: (request: ProxiedRequest) => boolean;
    /** `access-denied`: the 403 AWS answers when the caller's IAM policy lacks the action (not retried). */
    respond: "throttle" | "server-error" | "reset" | "access-denied";
    times?: number;
}

/** An ELBv2 `LoadBalancerState` the proxy reports for an ALB instead of moto's. */
export interface BalancerStateOverride {
    /** `provisioning`, `active_impaired`, `failed` (or `active`). */
    code: string;
    /** AWS's description of the state, e.g. why it failed. Default none. */
    reason?: string;
}

/**
 * An HTTP proxy in front of moto that adds latency, `Throttling` errors, 5xx, connection resets and
 * `AccessDenied`, counts requests, and makes moto behave like real AWS where it does not: DescribeLoadBalancers fails
 * whole with `LoadBalancerNotFound` when one named ALB is missing (moto silently drops the name), DescribeTags
 * refuses more than 20 ARNs with a `ValidationError` (moto takes any number), and an ALB can be in any state
 * (moto turns every ALB `active` the first time it is described; see {@link balancerStates}). Also like AWS:
 * DescribeTargetGroups filtered by a LoadBalancerArn with no target groups answers an empty list (moto fails it with
 * `TargetGroupNotFound`); DescribeAccountLimits lists `target-groups-per-application-load-balancer` (moto leaves it
 * out) and any value of {@link accountLimits}; ACM ListCertificates gives each certificate's names as
 * `SubjectAlternativeNameSummaries` (moto returns the full `SubjectAlternativeNames` of DescribeCertificate instead).
 */
export class FaultProxy {
    /** Milliseconds added before every request is answered. */
    latencyMs = 0;
    /** Emulate real AWS's all-or-nothing DescribeLoadBalancers. Default true. */
    strictNotFound = true;
    faults: FaultRule[] = [];
    /**
     * The state DescribeLoadBalancers reports for the ALB of each name, in place of moto's `active`: real ALBs
     * spend minutes `provisioning`, and can be `failed` or `active_impaired`, which moto never shows. Changing
     * an entry while a test runs changes the next answer (an ALB turning active).
     */
    readonly balancerStates = new Map<string, BalancerStateOverride>();
    /**
     * DescribeAccountLimits values by limit name (e.g. `rules-per-application-load-balancer` → 200): the account's
     * quotas after AWS raised them, which moto cannot be told.
     */
    readonly accountLimits = new Map<string, number>();
    readonly requests: ProxiedRequest[] = [];
    /** The most requests that were in flight at once: proves calls run in parallel without timing them. */
    maxConcurrent = 0;
    private concurrent = 0;
    private readonly xml = new XMLParser({ isArray: name => name === "member" });

    private constructor(
        private readonly server: http.Server,
        private readonly target: URL,
    ) {}

    /** Starts a proxy on a free loopback port in front of `target`. */
    static async start(target: string): Promise<FaultProxy> {
        const server = http.createServer((req, res) => void proxy.handle(req, res));
        const proxy = new FaultProxy(server, new URL(target));
        await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
        return proxy;
    }

    get url(): string {
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    /** How many requests had this action (all requests when omitted). */
    count(action?: string): number {
        return this.requests.filter(r => action === undefined || r.action === action).length;
    }

    /** Clears faults, latency and the request log. */
    reset(): void {
        this.latencyMs = 0;
        this.strictNotFound = true;
        this.faults = [];
        this.balancerStates.clear();
        this.accountLimits.clear();
        this.requests.length = 0;
        this.maxConcurrent = 0;
    }

    async close(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise(resolve => this.server.close(resolve));
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        this.maxConcurrent = Math.max(this.maxConcurrent, ++this.concurrent);
        try {
            await this.answer(req, res);
        } finally {
            this.concurrent--;
        }
    }

    private async answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const body = await readAll(req);
        const params = new URLSearchParams(
            String(req.headers["content-type"]).includes("x-www-form-urlencoded") ? body.toString() : "",
        );
        const target = String(req.headers["x-amz-target"] ?? "");
        const request: ProxiedRequest = {
            // JSON-protocol services (ACM) name the action in X-Amz-Target: "CertificateManager.ListCertificates".
            action:
                params.get("Action") ??
                (target.includes(".") ? target.split(".").pop()! : `${req.method} ${req.url?.split("?")[0]}`),
            params,
            caller: /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1],
        };
        this.requests.push(request);
        if (this.latencyMs > 0) {
            await new Promise(r => setTimeout(r, this.latencyMs));
        }
        const fault = this.faults.find(f => (f.times ?? Infinity) > 0 && f.match(request));
        if (fault) {
            fault.times = (fault.times ?? Infinity) - 1;
            if (fault.respond === "reset") {
                req.socket.destroy();
            } else if (fault.respond === "throttle") {
                sendError(res, 400, "Throttling", "Rate exceeded");
            } else if (fault.respond === "access-denied") {
                sendError(
                    res,
                    403,
                    "AccessDenied",
                    `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: elasticloadbalancing:${request.action}`,
                );
            } else {
                sendError(res, 500, "InternalFailure", "Injected server error");
            }
            return;
        }
        const arns = [...params.keys()].filter(k => k.startsWith("ResourceArns.member.")).length;
        if (request.action === "DescribeTags" && arns > MAX_TAG_ARNS) {
            sendError(
                res,
                400,
                "ValidationError",
                `1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAG_ARNS}`,
            );
            return;
        }
        const upstream = await this.forward(req, body);
        if (
            request.action === "DescribeTargetGroups" &&
            params.has("LoadBalancerArn") &&
            upstream.status === 400 &&
            upstream.body.toString().includes("TargetGroupNotFound")
        ) {
            sendXml(
                res,
                `<DescribeTargetGroupsResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeTargetGroupsResult><TargetGroups/></DescribeTargetGroupsResult><ResponseMetadata><RequestId>fault-proxy</RequestId></ResponseMetadata></DescribeTargetGroupsResponse>`,
            );
            return;
        }
        if (request.action === "DescribeAccountLimits" && upstream.status === 200) {
            sendXml(res, this.withAccountLimits(upstream.body.toString()));
            return;
        }
        if (request.action === "ListCertificates" && upstream.status === 200) {
            const listed = JSON.parse(upstream.body.toString()) as {
                CertificateSummaryList?: Record<string, unknown>[];
            };
            for (const summary of listed.CertificateSummaryList ?? []) {
                summary.SubjectAlternativeNameSummaries = summary.SubjectAlternativeNames ?? [];
                summary.HasAdditionalSubjectAlternativeNames = false;
                delete summary.SubjectAlternativeNames;
            }
            const out = Buffer.from(JSON.stringify(listed));
            res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "content-length": String(out.length) });
            res.end(out);
            return;
        }
        if (this.strictNotFound && request.action === "DescribeLoadBalancers" && upstream.status === 200) {
            const asked = [...params.entries()].filter(([k]) => k.startsWith("Names.member.")).map(([, v]) => v);
            const members =
                this.xml.parse(upstream.body.toString())?.DescribeLoadBalancersResponse?.DescribeLoadBalancersResult
                    ?.LoadBalancers?.member ?? [];
            const found = new Set(members.map((m: { LoadBalancerName: string }) => String(m.LoadBalancerName)));
            const missing = asked.filter(n => !found.has(n));
            if (missing.length > 0) {
                sendError(
                    res,
                    400,
                    "LoadBalancerNotFound",
                    `One or more load balancers not found: ${missing.join(", ")}`,
                );
                return;
            }
        }
        if (request.action === "DescribeLoadBalancers" && upstream.status === 200 && this.balancerStates.size > 0) {
            const rewritten = this.withStates(upstream.body.toString());
            if (rewritten === undefined) {
                sendError(
                    res,
                    500,
                    "FaultProxyError",
                    "fault proxy: a load balancer's State was not found after its LoadBalancerName in moto's answer",
                );
                return;
            }
            const body = Buffer.from(rewritten);
            res.writeHead(upstream.status, { ...upstream.headers, "content-length": String(body.length) });
            res.end(body);
            return;
        }
        res.writeHead(upstream.status, upstream.headers);
        res.end(upstream.body);
    }

    /**
     * A DescribeLoadBalancers answer with the `<State>` of each ALB named in {@link balancerStates} replaced.
     * Each load balancer's `<State>` follows its `<LoadBalancerName>` in moto's answer; `undefined` when one
     * cannot be found, which fails the request loudly rather than leaving the test to pass on moto's `active`.
     */
    private withStates(xml: string): string | undefined {
        let out = xml;
        for (const [name, state] of this.balancerStates) {
            const named = `<LoadBalancerName>${name}</LoadBalancerName>`;
            const at = out.indexOf(named);
            if (at < 0) {
                continue;
            }
            const start = out.indexOf("<State>", at);
            const end = out.indexOf("</State>", start);
            const next = out.indexOf("<LoadBalancerName>", at + named.length);
            if (start < 0 || end < 0 || (next >= 0 && next < start)) {
                return undefined;
            }
            const reason = state.reason === undefined ? "" : `<Reason>${state.reason}</Reason>`;
            out = `${out.slice(0, start)}<State><Code>${state.code}</Code>${reason}</State>${out.slice(end + "</State>".length)}`;
        }
        return out;
    }

    /**
     * A DescribeAccountLimits answer as AWS gives it: moto's limits, plus `target-groups-per-application-load-balancer`
     * (100, AWS's fixed value) that moto leaves out, with every {@link accountLimits} value in place of moto's.
     */
    private withAccountLimits(xml: string): string {
        const members: { Name: string; Max: string }[] =
            this.xml.parse(xml)?.DescribeAccountLimitsResponse?.DescribeAccountLimitsResult?.Limits?.member ?? [];
        const limits = new Map(members.map(m => [String(m.Name), String(m.Max)]));
        if (!limits.has("target-groups-per-application-load-balancer")) {
            limits.set("target-groups-per-application-load-balancer", "100");
        }
        for (const [name, max] of this.accountLimits) {
            limits.set(name, String(max));
        }
        const listed = [...limits].map(([n, m]) => `<member><Name>${n}</Name><Max>${m}</Max></member>`).join("");
        return `<DescribeAccountLimitsResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeAccountLimitsResult><Limits>${listed}</Limits></DescribeAccountLimitsResult><ResponseMetadata><RequestId>fault-proxy</RequestId></ResponseMetadata></DescribeAccountLimitsResponse>`;
    }

    private forward(
        req: http.IncomingMessage,
        body: Buffer,
    ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
        return new Promise((resolve, reject) => {
            const out = http.request(
                {
                    host: this.target.hostname,
                    port: this.target.port,
                    method: req.method,
                    path: req.url,
                    headers: req.headers,
                },
                upstream =>
                    void readAll(upstream).then(
                        body => resolve({ status: upstream.statusCode ?? 502, headers: upstream.headers, body }),
                        reject,
                    ),
            );
            out.on("error", reject);
            out.end(body);
        });
    }
}

function sendXml(res: http.ServerResponse, xml: string): void {
    const body = Buffer.from(xml);
    res.writeHead(200, { "content-type": "text/xml", "content-length": String(body.length) });
    res.end(body);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
    res.writeHead(status, { "content-type": "text/xml" });
    res.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
    );
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of stream) {
        chunks.push(Buffer.from(c));
    }
    return Buffer.concat(chunks);
}
