// One fixed-width table cell: Ink measures CJK text by display width, so 张敏 takes 4 columns
// and truncation never splits a wide character.
import {Box, Text, type TextProps} from 'ink';

export type CellProps = {
  /** Width in terminal columns. */
  readonly width: number;
  readonly children: string | number;
  readonly align?: 'left' | 'right';
} & Pick<TextProps, 'color' | 'backgroundColor' | 'bold' | 'dimColor' | 'inverse'>;

export function Cell({width, children, align = 'left', ...style}: CellProps) {
  return (
    <Box width={width} flexShrink={0} justifyContent={align === 'right' ? 'flex-end' : 'flex-start'} paddingRight={align === 'left' && width > 2 ? 1 : 0}>
      <Text wrap="truncate" {...style}>{String(children)}</Text>
    </Box>
  );
}
