// Wire Lab: stands in for the suite's node-imports.js (see test/conformance/README.md).
import '../../node-imports.mjs';
