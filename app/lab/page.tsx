import type { Metadata } from 'next';
import { LabLive } from '@/components/lab/lab-live';
import styles from '../page.module.css';

export const metadata: Metadata = {
  title: 'Lab',
  description:
    'Any transport, any fault: open a real connection and watch what the edge does to its bytes.',
};

export default function LabPage() {
  return (
    <div className={styles.page}>
      <h1 id="lab-title">Lab</h1>
      <p className={styles.intro}>
        One real connection from this page over the transport you pick: raw WebSocket, Socket.IO in
        its three configurations, plain long polling or server-sent events. Switch transports and
        faults while it runs; the edge applies them to the live bytes and the diagram shows where
        each fault acted. Copy the link to hand someone the same scenario, seed included.
      </p>
      <LabLive />
    </div>
  );
}
