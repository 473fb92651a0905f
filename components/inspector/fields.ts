/** A named byte range of a captured message, for the annotated hex dump. */
export interface ByteField {
  /** Unique within one annotation. */
  id: string;
  /** Byte range [start, end) in the dumped bytes. */
  start: number;
  end: number;
  name: string;
  value: string;
  meaning?: string;
  /** Bit pattern, for fields smaller than a byte: the byte's bits with the field's bits shown. */
  bits?: string;
  /** Colour band of the bytes (alternates per region so neighbours differ). */
  region: number;
}

/** Bytes plus the fields that explain them. */
export interface Annotated {
  title: string;
  bytes: Uint8Array;
  fields: ByteField[];
}

/** The fields that cover byte `i`. */
export function fieldsAt(fields: readonly ByteField[], i: number): ByteField[] {
  return fields.filter((f) => f.start <= i && i < f.end);
}

export function bitString(byte: number, mask: number): string {
  let out = '';
  for (let bit = 7; bit >= 0; bit--) {
    if (bit === 3) out += ' ';
    out += (mask >> bit) & 1 ? String((byte >> bit) & 1) : '·';
  }
  return out;
}
