module.exports = {
  displayName: 'ticket-events',
  preset: '../../jest.preset.js',
};
