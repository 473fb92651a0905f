/** Accept list for a capture file picker (kept apart so a page can use it without the readers). */
export const CAPTURE_FILE_TYPES = '.pcapng,.pcap,.cap,.har,.json,application/json';
