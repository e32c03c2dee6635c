/** Pulumi mocks that record every registration and invoke, follow registrations until they settle, and set stack config. */
import * as pulumi from "@pulumi/pulumi";
import type { AssignmentOutputs } from "../../core/assignment-contract";

/** The type token every `pulumi.dynamic.Resource`, and so every `BalancerAssignment`, registers with. */
export const DYNAMIC_RESOURCE_TYPE = "pulumi-nodejs:dynamic:Resource";

/** What the mocked dynamic provider stores for a `BalancerAssignment` unless a test says otherwise. */
export const DEFAULT_ASSIGNMENT: Partial<AssignmentOutputs> = {
    balancerName: "alb-public-2",
    dnsName: "alb-public-2-123.us-east-1.elb.amazonaws.com",
    canonicalHostedZoneId: "Z35SXDOTRQ7X7K",
    loadBalancerArn:
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb-public-2/50dc6c495c0c9188",
    source: "least-loaded",
    rulesAtAssignment: 12,
    warnings: [],
    schemaVersion: 1,
};

/** The name of every hosted zone the mocks' `aws.route53.getZone` finds, unless a test says otherwise. */
export const DEFAULT_ZONE_NAME = "apps.example.com";

/**
 * Mocks that record every registered resource and answer a `BalancerAssignment` with {@link assignment}
 * merged over its inputs, as the dynamic provider's create would; they record every invoke and answer
 * `aws.route53.getZone` with a zone named {@link zoneName}, as the AWS provider's data source would.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
    readonly registered: pulumi.runtime.MockResourceArgs[] = [];
    readonly calls: pulumi.runtime.MockCallArgs[] = [];
    /** The `ignoreChanges` option of every registered resource, by name, as the SDK sent it to the monitor. */
    readonly ignoreChanges = new Map<string, string[]>();
    /** The URNs each registered resource depends on (`dependsOn` and its inputs' resources), by name, as the SDK sent them. */
    readonly dependencies = new Map<string, string[]>();
    assignment: Partial<AssignmentOutputs> = DEFAULT_ASSIGNMENT;
    /** Outputs a `ScopeCapacityCheck` answers with over its inputs; none unless a test says otherwise. */
    capacityCheck: Record<string, unknown> = {};
    zoneName = DEFAULT_ZONE_NAME;

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        this.registered.push(args);
        const outputs =
            args.type !== DYNAMIC_RESOURCE_TYPE
                ? {}
                : isCapacityCheck(args.inputs)
                  ? this.capacityCheck
                  : this.assignment;
        // A ScopeMove that has not moved: the scope's Ingress belongs where the assignment is.
        const serving = args.name.endsWith("-move")
            ? { servingBalancer: args.inputs.targetBalancer, servingAlias: args.inputs.targetAlias }
            : {};
        return { id: `${args.name}-id`, state: { ...args.inputs, ...outputs, ...serving } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        this.calls.push(args);
        if (args.token === "aws:route53/getZone:getZone") {
            return { id: args.inputs.zoneId, zoneId: args.inputs.zoneId, name: this.zoneName, privateZone: false };
        }
        return {};
    }

    /** The one resource registered under `name`; fails the test when there is none or more. */
    named(name: string): pulumi.runtime.MockResourceArgs {
        const found = this.registered.filter(r => r.name === name);
        if (found.length !== 1) {
            throw new Error(
                `expected one resource named ${name}, found ${found.length}: ${this.registered.map(r => r.name).join(", ")}`,
            );
        }
        return found[0];
    }
}

/** Whether dynamic-resource inputs are a `ScopeCapacityCheck`'s: its serialized provider names its implementation. */
function isCapacityCheck(inputs: Record<string, unknown>): boolean {
    return String(inputs.__provider).includes("scopeCapacityCheckProvider");
}

/** The parts of the monitor's RegisterResourceRequest the mocks read. */
interface RegisterRequest {
    getName(): string;
    getIgnorechangesList(): string[];
    getDependenciesList(): string[];
}

/**
 * Installs fresh {@link RecordingMocks} as the Pulumi engine. Call it in a `before` hook: other suites in the
 * same mocha process install their own mocks. With `preview`, the program runs as in `pulumi preview` (default false).
 */
export async function installMocks(options: { preview?: boolean } = {}): Promise<RecordingMocks> {
    const mocks = new RecordingMocks();
    trackRegistrations();
    await pulumi.runtime.setMocks(mocks, "scope-ingress-tests", "test", options.preview ?? false);
    // Mocks receive no resource options; the monitor receives the SDK's real request, which carries them.
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: RegisterRequest, callback: unknown): unknown;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        mocks.ignoreChanges.set(req.getName(), req.getIgnorechangesList());
        mocks.dependencies.set(req.getName(), req.getDependenciesList());
        return register(req, callback);
    };
    return mocks;
}

/** Replaces the stack config, as `Pulumi.<stack>.yaml` would set it: keys like `aws:region`. */
export function setStackConfig(values: Record<string, string>): void {
    pulumi.runtime.setAllConfig(values);
}

/** The SDK internals that {@link trackRegistrations} wraps; not in its typings, so a change to them fails loudly here. */
const sdkResourceRuntime = require("@pulumi/pulumi/runtime/resource") as { registerResource(...args: unknown[]): void };
const sdkSettings = require("@pulumi/pulumi/runtime/settings") as { rpcKeepAlive(): () => void };

/** One promise per resource registration begun and not yet settled, once {@link trackRegistrations} ran. */
const pendingRegistrations = new Set<Promise<void>>();
let tracking = false;

/**
 * Follows every resource registration from now on. A resource's constructor begins its registration synchronously,
 * and the registration's first step is to take an RPC keep-alive, which it gives back only once the monitor (here the
 * mocks) answered or preparing its inputs failed: that keep-alive is what is tracked. Other keep-alives (invokes,
 * `registerOutputs`, which waits for every output the component registers and so never ends when a child is refused)
 * are not registrations and are not waited for.
 */
function trackRegistrations(): void {
    if (tracking) {
        return;
    }
    tracking = true;
    const register = sdkResourceRuntime.registerResource;
    const keepAlive = sdkSettings.rpcKeepAlive;
    let registering = false;
    sdkResourceRuntime.registerResource = (...args: unknown[]) => {
        registering = true;
        try {
            register(...args);
        } finally {
            registering = false;
        }
    };
    sdkSettings.rpcKeepAlive = () => {
        const done = keepAlive();
        if (!registering) {
            return done;
        }
        registering = false;
        let settle!: () => void;
        const settled = new Promise<void>(resolve => {
            settle = resolve;
        });
        pendingRegistrations.add(settled);
        return () => {
            pendingRegistrations.delete(settled);
            settle();
            done();
        };
    };
}

/**
 * Resolves once every resource registration begun so far has reached the mocks or failed on its inputs, and no other
 * began meanwhile. Registrations run concurrently under mocks (not in order), so this, not a fixed number of turns,
 * is what lets a test assert that something was never registered.
 */
export async function registrationsSettled(): Promise<void> {
    if (!tracking) {
        throw new Error("registrationsSettled needs installMocks first: only then are registrations followed");
    }
    do {
        await Promise.all([...pendingRegistrations]);
        // Let applies on the outputs just resolved run: one may construct another resource.
        await new Promise(resolve => setImmediate(resolve));
    } while (pendingRegistrations.size > 0);
}
