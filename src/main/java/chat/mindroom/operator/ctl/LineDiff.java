package chat.mindroom.operator.ctl;

import java.util.ArrayList;
import java.util.List;

/** A line diff (longest common subsequence) printed whole: ' ' kept, '-' live only, '+' file only. */
final class LineDiff {

    private LineDiff() {
    }

    static List<String> lines(List<String> before, List<String> after) {
        int n = before.size();
        int m = after.size();
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = before.get(i).equals(after.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && before.get(i).equals(after.get(j))) {
                out.add("  " + before.get(i++));
                j++;
            } else if (j < m && (i == n || common[i][j + 1] >= common[i + 1][j])) {
                out.add("+ " + after.get(j++));
            } else {
                out.add("- " + before.get(i++));
            }
        }
        return out;
    }
}
