/*
 * bench/measure.c — run a command once and report its wall time and peak
 * resident set size, so the benchmark needs no `time` package.
 *
 *   bench-measure [-l LOG] -- COMMAND [ARG...]
 *
 * prints one line on stdout:  WALL_SECONDS PEAK_RSS_KB EXIT_STATUS CPU_SECONDS
 * (EXIT_STATUS is 128+N when the command died of signal N; CPU_SECONDS is
 * user + system time of the command, which a busy machine disturbs less
 * than wall time).  The command's
 * stdout and stderr go to LOG (default /dev/null).  Wall time is measured
 * with CLOCK_MONOTONIC around fork/exec/wait; peak RSS (ru_maxrss) and CPU
 * time come from the child's rusage (wait4()).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *log = "/dev/null";
    int i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "-l") && i + 1 < argc)
            log = argv[++i];
        else if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else
            break;
    }
    if (i >= argc) {
        fputs("usage: bench-measure [-l LOG] -- COMMAND [ARG...]\n", stderr);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench-measure: fork");
        return 2;
    }
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        execvp(argv[i], argv + i);
        perror("bench-measure: exec");
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("bench-measure: wait4");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    printf("%.4f %ld %d %.4f\n", wall, ru.ru_maxrss, code, cpu);
    return 0;
}
