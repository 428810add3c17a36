export default defineBackground({
  type: 'module',
  main() {
    console.log('KalshiBook background started');
  },
});
