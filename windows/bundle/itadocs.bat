@echo off
rem itadocs on the command line, for example:  itadocs.bat build C:\ITA\2569
rem Double-clicked, it opens a command prompt where "itadocs --help" lists the commands.
if not exist "%~dp0python\python.exe" goto not_extracted
if "%~1"=="" goto prompt
"%~dp0python\python.exe" -m itadocs %*
exit /b %errorlevel%

:prompt
set "PATH=%~dp0;%PATH%"
"%~dp0python\python.exe" -m itadocs --help
cmd /k
exit /b 0

:not_extracted
rem Run from inside the zip (Explorer copied only this file out): say so, in English here (a .bat
rem is read in the console's code page) and in Thai in a message box (PowerShell, where allowed).
echo itadocs: extract the whole zip first (right-click it, Extract All), then start it from the extracted folder.
powershell -NoProfile -Command "Add-Type -AssemblyName PresentationFramework; [void][System.Windows.MessageBox]::Show([regex]::Unescape('\u0e01\u0e23\u0e38\u0e13\u0e32\u0e41\u0e15\u0e01\u0e44\u0e1f\u0e25\u0e4c zip \u0e2d\u0e2d\u0e01\u0e21\u0e32\u0e17\u0e31\u0e49\u0e07\u0e2b\u0e21\u0e14\u0e01\u0e48\u0e2d\u0e19: \u0e04\u0e25\u0e34\u0e01\u0e02\u0e27\u0e32\u0e17\u0e35\u0e48\u0e44\u0e1f\u0e25\u0e4c zip \u0e40\u0e25\u0e37\u0e2d\u0e01 Extract All (\u0e41\u0e15\u0e01\u0e44\u0e1f\u0e25\u0e4c\u0e17\u0e31\u0e49\u0e07\u0e2b\u0e21\u0e14) \u0e41\u0e25\u0e49\u0e27\u0e14\u0e31\u0e1a\u0e40\u0e1a\u0e34\u0e25\u0e04\u0e25\u0e34\u0e01 \u0e40\u0e23\u0e34\u0e48\u0e21\u0e43\u0e0a\u0e49\u0e07\u0e32\u0e19 itadocs \u0e43\u0e19\u0e42\u0e1f\u0e25\u0e40\u0e14\u0e2d\u0e23\u0e4c\u0e17\u0e35\u0e48\u0e41\u0e15\u0e01\u0e2d\u0e2d\u0e01\u0e21\u0e32'), 'itadocs')" 2>nul
pause
exit /b 1
