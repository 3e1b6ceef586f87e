export declare function xxh32(data: Uint8Array, seed: number): number;
export declare function labId(user: string, labName: string): string;
/** a lab id as labId() writes it */
export declare function isLabId(s: string): boolean;
