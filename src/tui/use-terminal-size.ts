// The terminal's size, following resizes (an SSH pty or tmux pane can change it).
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export function useTerminalSize(fallbackColumns = 80, fallbackRows = 24): {columns: number; rows: number} {
  const {stdout} = useStdout();
  const read = () => ({columns: stdout.columns || fallbackColumns, rows: stdout.rows || fallbackRows});
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
