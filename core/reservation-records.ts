/**
 * How placements coordinated through the cluster record their reservations: one ConfigMap per ALB in the
 * coordination namespace, one data key per reservation. Pure: names, labels, and reading and writing the entries.
 */
import type { Usage } from "./quota-dimensions";

/** The label every reservation ConfigMap carries, so one LIST with a label selector reads a region's reservations. */
export const MANAGED_BY_LABEL = { key: "app.kubernetes.io/managed-by", value: "pulumi-scope-ingress" } as const;

/** The label naming the AWS region of the ALB a reservation ConfigMap is for (ALB names repeat across regions). */
export const REGION_LABEL = "pulumi-scope-ingress/region";

/** The label naming the ALB a reservation ConfigMap is for. */
export const BALANCER_LABEL = "pulumi-scope-ingress/balancer";

/** One reservation: usage promised to a scope whose Ingress the cluster may not show yet. */
export interface Reservation {
    /** Listener rules the scope's Ingress will add (its `expectedRules`); kept beside `usage` for releases that read only rules. */
    rules: number;
    /**
     * What the scope adds to the ALB in every dimension. Read back always set: an entry written before it (rules only,
     * by a release that placed one-Service scopes) reads as its rules and one target group.
     */
    usage?: Usage;
    /** The scope's own Ingress; once the cluster lists it, the Ingress counts and the reservation no longer does. Absent: counts until it expires. */
    ingress?: { namespace: string; name: string };
    /** When it stops counting if its deployment never finished (ISO 8601). */
    expiresAt: string;
}

/** The ConfigMap holding the reservations on ALB `balancerName` of `region`: `scope-ingress-<region>-<alb>`, lowercase. */
export function reservationConfigMapName(region: string, balancerName: string): string {
    return `scope-ingress-${region}-${balancerName}`.toLowerCase();
}

/** The label selector of every reservation ConfigMap of `region`. */
export function reservationSelector(region: string): string {
    return `${MANAGED_BY_LABEL.key}=${MANAGED_BY_LABEL.value},${REGION_LABEL}=${region}`;
}

/** The labels of the reservation ConfigMap of ALB `balancerName` in `region`. */
export function reservationLabels(region: string, balancerName: string): Record<string, string> {
    return { [MANAGED_BY_LABEL.key]: MANAGED_BY_LABEL.value, [REGION_LABEL]: region, [BALANCER_LABEL]: balancerName };
}

/**
 * The reservations in a ConfigMap's `data`, by key. An entry that is not a reservation (edited by hand, or
 * written by a newer release) counts as its `rules` when it has them and is otherwise ignored; it is never deleted here.
 */
export function readReservations(data: Record<string, string> | undefined): Map<string, Reservation> {
    const reservations = new Map<string, Reservation>();
    for (const [key, value] of Object.entries(data ?? {})) {
        try {
            const parsed = JSON.parse(value) as Partial<Reservation>;
            if (typeof parsed.rules === "number" && typeof parsed.expiresAt === "string") {
                reservations.set(key, {
                    rules: parsed.rules,
                    usage: usageOf(parsed.usage) ?? {
                        rules: parsed.rules,
                        targetGroups: 1,
                        certificates: 0,
                        listeners: 0,
                    },
                    expiresAt: parsed.expiresAt,
                    ...(parsed.ingress && { ingress: parsed.ingress }),
                });
            }
        } catch {
            // Not ours to interpret.
        }
    }
    return reservations;
}

/** `value` when it is a usage in every dimension (whole numbers, 0 or more), else undefined. */
function usageOf(value: unknown): Usage | undefined {
    const u = value as Partial<Record<string, unknown>> | undefined;
    const ok = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 0;
    return u && ok(u.rules) && ok(u.targetGroups) && ok(u.certificates) && ok(u.listeners) ? (u as Usage) : undefined;
}

/** Whether `reservation` has expired at `now` (epoch ms); an unreadable time counts as expired. */
export function isExpired(reservation: Reservation, now: number): boolean {
    const at = Date.parse(reservation.expiresAt);
    return !(at > now);
}

/**
 * The `data` to write: `data` without expired reservations and without `remove`, plus `add` under its key.
 * Entries that are not reservations are kept as they are.
 */
export function withReservation(
    data: Record<string, string> | undefined,
    now: number,
    change: { add?: { key: string; reservation: Reservation }; remove?: string },
): Record<string, string> {
    const reservations = readReservations(data);
    const next: Record<string, string> = {};
    for (const [key, value] of Object.entries(data ?? {})) {
        const reservation = reservations.get(key);
        if (key !== change.remove && (reservation === undefined || !isExpired(reservation, now))) {
            next[key] = value;
        }
    }
    if (change.add) {
        next[change.add.key] = JSON.stringify(change.add.reservation);
    }
    return next;
}
