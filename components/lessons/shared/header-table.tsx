import type { Header } from '@/lib/mirror/types';
import { headerMeaning } from '@/lib/wire/http-header-meanings';
import styles from './header-table.module.css';

interface Props {
  caption: string;
  startLine: string;
  headers: readonly Header[];
  /** Lower-case header names to emphasise. */
  emphasise?: readonly string[];
}

/** A captured HTTP head, header by header, in wire order and case, with what each one means. */
export function HeaderTable({ caption, startLine, headers, emphasise = [] }: Props) {
  return (
    <table className={styles.table}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Header</th>
          <th scope="col">Value</th>
          <th scope="col" className={styles.meaning}>
            What it means
          </th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td colSpan={3} className={styles.startLine}>
            {startLine}
          </td>
        </tr>
        {headers.map(([name, value], i) => (
          <tr
            // Headers may repeat; wire position is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: position in the captured head
            key={i}
            className={emphasise.includes(name.toLowerCase()) ? styles.key : undefined}
            data-emphasis={emphasise.includes(name.toLowerCase()) ? 'yes' : undefined}
          >
            <th scope="row" className={styles.name}>
              {name}
            </th>
            <td className={styles.value}>{value}</td>
            <td className={styles.meaning}>{headerMeaning(name) ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
