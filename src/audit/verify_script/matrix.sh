
# heading LABEL...: the matrix's first line, a label per context. printf pads by bytes, so
# a label is padded by its characters (its bytes less UTF-8's continuation bytes): a context
# named in any script lines up with the cells below it.
heading() {
  printf '%-@LABEL_WIDTH@s' ''
  for label do
    chars=$(printf '%s' "$label" | LC_ALL=C tr -d '\200-\277' | wc -c)
    printf '  %s' "$label"
    if [ "$chars" -lt @CELL_WIDTH@ ]; then
      printf "%$((@CELL_WIDTH@ - chars))s" ''
    fi
  done
  printf '\n'
}

# row LABEL ROW: one row of the matrix, a cell per context.
row() {
  printf '%-@LABEL_WIDTH@s' "$1"
  at=1
  while [ "$at" -le "$column" ]; do
    eval "cell=\${cell_${at}_$2:--}"
    printf '  %-@CELL_WIDTH@s' "$cell"
    at=$((at + 1))
  done
  printf '\n'
}
