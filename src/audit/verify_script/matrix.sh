
# heading LABEL...: the matrix's first line, a label per context.
heading() {
  printf '%-@LABEL_WIDTH@s' ''
  for label do
    printf '  %-@CELL_WIDTH@s' "$label"
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
